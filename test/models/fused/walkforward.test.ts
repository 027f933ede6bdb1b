// The model builder swaps in the fused layers on wasm/cpu (unless `fused: false`), and a
// walk-forward fold trained with them follows the same loss curve as with the stock layers:
// same seed, hence the same initial weights, shuffles and dropout masks.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../../src/models/engine.ts';
import { FusedGRU, FusedLSTM, FusedSimpleRNN, fusedKernelsInUse, useFusedKernels } from '../../../src/models/fused/index.ts';
import { buildNetwork, forecasterFor, modelConfigSchema, type ModelFoldJob } from '../../../src/models/forecasters/index.ts';
import { mulberry32 } from '../../../src/core/seeded-random.ts';
import { trainFold } from '../../../src/walkforward/train-fold.ts';

function fillNormal(length: number, seed: number): Float32Array {
  const uniform = mulberry32(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return out;
}

function foldJob(fused: boolean, model: Record<string, unknown> = { type: 'lstm-gru', layers: [8, 6], dropout: 0.2 }): ModelFoldJob {
  const lookback = 12;
  const featureCount = 3;
  const windows = (count: number, seed: number) => fillNormal(count * lookback * featureCount, seed);
  const xTrain = windows(80, 1);
  // A target the network can partly learn: the last step's first feature plus noise.
  const noise = fillNormal(80, 2);
  const yTrain = Float32Array.from(noise, (e, i) => 0.8 * xTrain[(i + 1) * lookback * featureCount - featureCount] + 0.3 * e);
  return {
    foldIndex: 0,
    seed: 1234,
    engine: 'wasm',
    fused,
    model: modelConfigSchema.parse({ ...model, epochs: 5, batchSize: 16, patience: 0 }),
    lookback,
    featureCount,
    xTrain,
    yTrain,
    xValidation: windows(16, 3),
    yValidation: fillNormal(16, 4),
    xTest: windows(10, 5),
    targetMean: 0,
    targetScale: 1,
  };
}

describe('fused layers in the walk-forward model builder', () => {
  it('uses fused layers on wasm/cpu unless fused is false, and stock layers on tfjs-node', async () => {
    const { tf } = await loadEngine('wasm');
    const config = modelConfigSchema.parse({ type: 'lstm-gru', layers: [4, 3] });
    const layersOf = async (engine: 'wasm' | 'cpu' | 'tfjs-node', fused: boolean) => {
      const { model } = await buildNetwork(tf, config, { lookback: 5, featureCount: 2, engine, fused });
      const kinds = model.layers.map((layer) => layer.getClassName());
      model.dispose();
      return kinds.filter((name) => /LSTM|GRU/.test(name));
    };
    expect(await layersOf('wasm', true)).toEqual([FusedLSTM.className, FusedGRU.className]);
    expect(await layersOf('cpu', true)).toEqual([FusedLSTM.className, FusedGRU.className]);
    expect(await layersOf('wasm', false)).toEqual(['LSTM', 'GRU']);
    expect(await layersOf('tfjs-node', true)).toEqual(['LSTM', 'GRU']);
  });

  it('builds the rnn forecaster from fused SimpleRNN layers on wasm/cpu unless fused is false, and stock ones on tfjs-node', async () => {
    const { tf } = await loadEngine('wasm');
    const config = modelConfigSchema.parse({ type: 'rnn', layers: [4, 3] });
    const layersOf = async (engine: 'wasm' | 'cpu' | 'tfjs-node', fused: boolean) => {
      const { model } = await buildNetwork(tf, config, { lookback: 5, featureCount: 2, engine, fused });
      const kinds = model.layers.map((layer) => layer.getClassName());
      model.dispose();
      return kinds.filter((name) => /RNN/.test(name));
    };
    expect(await layersOf('wasm', true)).toEqual([FusedSimpleRNN.className, FusedSimpleRNN.className]);
    expect(await layersOf('cpu', true)).toEqual([FusedSimpleRNN.className, FusedSimpleRNN.className]);
    expect(await layersOf('wasm', false)).toEqual(['SimpleRNN', 'SimpleRNN']);
    expect(await layersOf('tfjs-node', true)).toEqual(['SimpleRNN', 'SimpleRNN']);
  });

  it.each([
    ['lstm-gru', { type: 'lstm-gru', layers: [8, 6], dropout: 0.2 }],
    ['rnn', { type: 'rnn', layers: [8, 6], dropout: 0.2 }],
  ])('%s: a fold trained fused and stock from the same seed gives the same loss curve to 1e-3', async (_type, model) => {
    const stock = await trainFold(foldJob(false, model));
    const fused = await trainFold(foldJob(true, model));
    expect(fused.engine).toBe('wasm');
    expect(stock.trainLoss).toHaveLength(5);
    expect(fused.trainLoss).toHaveLength(5);
    // Training moved the loss, so matching curves are not trivially equal.
    expect(Math.abs(stock.trainLoss[4] - stock.trainLoss[0])).toBeGreaterThan(1e-3);
    for (let epoch = 0; epoch < 5; epoch++) {
      expect(Math.abs(fused.trainLoss[epoch] - stock.trainLoss[epoch]) / stock.trainLoss[epoch]).toBeLessThan(1e-3);
      expect(Math.abs(fused.validationLoss[epoch] - stock.validationLoss[epoch]) / stock.validationLoss[epoch]).toBeLessThan(1e-3);
    }
    for (let i = 0; i < stock.forecasts.length; i++) {
      expect(fused.forecasts[i]).toBeCloseTo(stock.forecasts[i], 3);
    }
  });

  it('the recurrent types keep the stock tfjs kernels (bit-identical Dense heads), the others train on the fused replacements', async () => {
    const { tf } = await loadEngine('wasm');
    const replacedFor = async (model: Record<string, unknown>, fused: boolean) => {
      const built = await buildNetwork(tf, modelConfigSchema.parse(model), { lookback: 8, featureCount: 2, engine: 'wasm', fused });
      built.model.dispose();
      return fusedKernelsInUse('wasm');
    };
    expect(await replacedFor({ type: 'cnn', filters: [4] }, true)).toBe(true);
    expect(await replacedFor({ type: 'lstm', layers: [4] }, true)).toBe(false);
    expect(await replacedFor({ type: 'transformer', modelDim: 4, heads: 2 }, true)).toBe(true);
    expect(await replacedFor({ type: 'rnn', layers: [4] }, true)).toBe(false);
    expect(await replacedFor({ type: 'attention-lstm', layers: [4] }, true)).toBe(true);
    expect(await replacedFor({ type: 'cnn', filters: [4] }, false)).toBe(false);
  });

  it('a saved fused fold forecasts the same bits in a process that has not selected the fused kernels', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wf-fused-saved-'));
    try {
      // Dense layers on the fused matMul: the stock one sums in another order.
      const job = { ...foldJob(true, { type: 'cnn', filters: [6], kernelSize: 2, dense: [8] }), saveModelDir: dir };
      const forecaster = forecasterFor(job.model);
      const trained = await forecaster.trainFold(job);
      useFusedKernels('wasm', false); // as a fresh process starts
      expect((await forecaster.forecastSaved(job)).forecasts).toEqual(trained.forecasts);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      useFusedKernels('wasm', false);
    }
  });
});
