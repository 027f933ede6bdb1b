import { describe, expect, it } from 'vitest';
import { featureSpecSchema } from '../../src/features/feature-spec.ts';
import { modelConfigSchema } from '../../src/models/forecasters/index.ts';
import { parallelFoldRunner } from '../../src/walkforward/parallel-fold-runner.ts';
import { runWalkForward, type WalkForwardSettings } from '../../src/walkforward/run-walkforward.ts';
import type { ProgressSink } from '../../src/core/progress.ts';
import { randomWalkBars } from '../helpers/bars.ts';

// A tiny 2-layer LSTM with dropout between (Math.random-driven masks and shuffling, seeded per fold)
// on 4 folds: the parallel run must give exactly the serial run's bits.
function settings(fused: boolean, progress?: ProgressSink): WalkForwardSettings {
  return {
    features: ['log-return', 'rsi'].map((name) => featureSpecSchema.parse({ name })),
    horizon: 1,
    lookback: 6,
    scaler: 'zscore',
    walkforward: { trainBars: 200, testBars: 40, stepBars: 40, scheme: 'expanding', purgeBars: 1, validationFraction: 0.2 },
    model: modelConfigSchema.parse({ type: 'lstm', layers: [4, 3], dropout: 0.2, epochs: 2, batchSize: 32, patience: 0 }),
    seed: 5,
    engine: 'wasm',
    fused,
    progress,
  };
}

function countingSink(): { sink: ProgressSink; updates: Array<Record<string, string | number> | undefined> } {
  const updates: Array<Record<string, string | number> | undefined> = [];
  return { updates, sink: { start: () => ({ update: (_done, info) => updates.push(info), stop() {} }) } };
}

describe('parallel walk-forward folds', () => {
  it.each([false, true])('workers: 2 gives bit-identical forecasts and losses to a serial run (fused %s)', async (fused) => {
    const bars = randomWalkBars(360, 3);
    const serial = await runWalkForward(bars, settings(fused));
    const { sink, updates } = countingSink();
    const parallel = await runWalkForward(bars, { ...settings(fused, sink), runFolds: parallelFoldRunner({ workers: 2, engine: 'wasm' }) });
    expect(parallel.folds.length).toBe(4);
    expect(parallel.engine).toBe('wasm');
    let compared = 0;
    serial.forecasts.forEach((value, t) => {
      expect(Object.is(parallel.forecasts[t], value)).toBe(true);
      if (!Number.isNaN(value)) compared++;
    });
    expect(compared).toBe(360 - 201);
    expect(parallel.folds.map((f) => [f.seed, f.finalLoss, f.bestValidationLoss])).toEqual(serial.folds.map((f) => [f.seed, f.finalLoss, f.bestValidationLoss]));
    // Epoch ends (with their loss) from the workers reached the main thread's sink: 4 folds x 2 epochs,
    // besides fold-done updates and, on a loaded machine, batches of epochs slower than 2 s.
    expect(updates.filter((info) => info && 'loss' in info).length).toBe(8);
  });

  it('child-process workers (the tfjs-node isolation) give the serial run\'s bits too', async () => {
    const bars = randomWalkBars(360, 3);
    const serial = await runWalkForward(bars, settings(true));
    const parallel = await runWalkForward(bars, { ...settings(true), runFolds: parallelFoldRunner({ workers: 2, engine: 'wasm', isolation: 'process' }) });
    expect(parallel.forecasts.every((value, t) => Object.is(value, serial.forecasts[t]))).toBe(true);
    expect(parallel.folds.map((f) => f.finalLoss)).toEqual(serial.folds.map((f) => f.finalLoss));
  });

  it('the new forecasters too: an ensemble of a transformer, an attention-LSTM and a baseline, attention and spread included', async () => {
    const bars = randomWalkBars(360, 3);
    const tiny = { epochs: 2, batchSize: 32, patience: 0 };
    const model = modelConfigSchema.parse({
      type: 'ensemble',
      members: [{ type: 'transformer', modelDim: 4, heads: 2, feedForwardUnits: 4, blocks: 1, ...tiny }, { type: 'attention-lstm', layers: [3], attentionUnits: 3, ...tiny }, { type: 'linear' }],
    });
    const serial = await runWalkForward(bars, { ...settings(true), model });
    const parallel = await runWalkForward(bars, { ...settings(true), model, runFolds: parallelFoldRunner({ workers: 2, engine: 'wasm' }) });
    expect(parallel.forecasts.every((value, t) => Object.is(value, serial.forecasts[t]))).toBe(true);
    expect(parallel.memberSpread).toEqual(serial.memberSpread);
    expect(serial.memberSpread!.filter(Number.isFinite)).toHaveLength(360 - 201);
    const attentionModel = modelConfigSchema.parse({ type: 'attention-lstm', layers: [3], attentionUnits: 3, ...tiny });
    const attentionSerial = await runWalkForward(bars, { ...settings(true), model: attentionModel });
    const attentionParallel = await runWalkForward(bars, { ...settings(true), model: attentionModel, runFolds: parallelFoldRunner({ workers: 2, engine: 'wasm' }) });
    expect(attentionParallel.folds.map((f) => f.attention)).toEqual(attentionSerial.folds.map((f) => f.attention));
    expect(attentionSerial.folds[0].attention).toHaveLength(6);
  });

  it('surfaces an error inside a fold worker as an error of the run', async () => {
    const bars = randomWalkBars(360, 3);
    const broken = { ...settings(false), engine: 'tfjs-node' as const };
    await expect(runWalkForward(bars, { ...broken, runFolds: parallelFoldRunner({ workers: 2, engine: 'wasm' }) })).rejects.toThrow(/tfjs-node/);
  });
});
