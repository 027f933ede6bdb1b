// Issue 10, 2.10: an epoch that is slow reports its batches, serially and from fold workers alike,
// and reporting them changes nothing in the results.
import { describe, expect, it } from 'vitest';
import type { ProgressSink } from '../../src/core/progress.ts';
import { featureSpecSchema } from '../../src/features/feature-spec.ts';
import { modelConfigSchema } from '../../src/models/forecasters/index.ts';
import { parallelFoldRunner } from '../../src/walkforward/parallel-fold-runner.ts';
import { runWalkForward, type WalkForwardSettings } from '../../src/walkforward/run-walkforward.ts';
import { randomWalkBars } from '../helpers/bars.ts';

function settings(progress: ProgressSink, slowEpochMs?: number): WalkForwardSettings {
  return {
    features: [featureSpecSchema.parse({ name: 'log-return' })],
    horizon: 1,
    lookback: 5,
    scaler: 'zscore',
    walkforward: { trainBars: 200, testBars: 40, stepBars: 40, scheme: 'expanding', purgeBars: 1, validationFraction: 0.2 },
    model: modelConfigSchema.parse({ type: 'lstm', layers: [3], dropout: 0, epochs: 2, batchSize: 16, patience: 0 }),
    seed: 9,
    engine: 'cpu',
    fused: false,
    progress,
    slowEpochMs,
  };
}

function recordingSink(): { sink: ProgressSink; updates: Array<{ done: number; info?: Record<string, string | number> }> } {
  const updates: Array<{ done: number; info?: Record<string, string | number> }> = [];
  return { updates, sink: { start: () => ({ update: (done, info) => updates.push({ done, info }), stop() {} }) } };
}

describe('batch progress within slow epochs', () => {
  it('every epoch counts as slow (slowEpochMs 0): batches reach the sink serially and from workers; results unchanged', async () => {
    const bars = randomWalkBars(320, 4);
    const plain = await runWalkForward(bars, settings(recordingSink().sink));
    const serial = recordingSink();
    const serialRun = await runWalkForward(bars, settings(serial.sink, 0));
    const parallel = recordingSink();
    const parallelRun = await runWalkForward(bars, { ...settings(parallel.sink, 0), runFolds: parallelFoldRunner({ workers: 2, engine: 'cpu' }) });
    for (const run of [serialRun, parallelRun]) {
      expect(run.forecasts.every((value, t) => Object.is(value, plain.forecasts[t]))).toBe(true);
      expect(run.folds.map((f) => f.finalLoss)).toEqual(plain.folds.map((f) => f.finalLoss));
    }
    for (const { updates } of [serial, parallel]) {
      const batches = updates.filter((u) => u.info && 'batch' in u.info);
      // At least the first batch of each fold reports (later ones at most once a second).
      expect(batches.length).toBeGreaterThanOrEqual(plain.folds.length);
      for (const { info } of batches) {
        // `batch done/per epoch`, per epoch = the fold's training windows / batchSize 16, rounded up.
        const fold = plain.folds[Number(String(info!.fold).split('/')[0]) - 1];
        expect(info!.batch).toMatch(new RegExp(`^\\d+/${Math.ceil(fold.trainSamples / 16)}$`));
      }
      expect(batches[0].info!.epoch).toBe(1);
      // A batch inside the first epoch is a fraction of an epoch of progress.
      expect(batches[0].done % 1).not.toBe(0);
    }
  });

  it('fast epochs (the default 2 s threshold) report epochs only', async () => {
    const { sink, updates } = recordingSink();
    await runWalkForward(randomWalkBars(320, 4), settings(sink));
    expect(updates.filter((u) => u.info && 'batch' in u.info)).toEqual([]);
    expect(updates.filter((u) => u.info && 'loss' in u.info).length).toBe(3 * 2);
  });
});
