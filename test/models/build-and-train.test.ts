import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Tf } from '../../src/models/engine.ts';
import { buildNetwork, modelConfigSchema, type ModelFoldJob } from '../../src/models/forecasters/index.ts';
import { fitRidge, predictRidge } from '../../src/models/ridge.ts';
import { deriveSeed, mulberry32 } from '../../src/core/seeded-random.ts';
import { trainFold } from '../../src/walkforward/train-fold.ts';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadEngine('cpu')).tf;
});

const model = (input: Record<string, unknown>) => modelConfigSchema.parse(input);
const options = (lookback: number, featureCount: number) => ({ lookback, featureCount, engine: 'cpu' as const, fused: false });

function layerSummary(built: import('@tensorflow/tfjs').LayersModel) {
  return built.layers.map((layer) => {
    const config = layer.getConfig() as Record<string, unknown>;
    return [layer.getClassName(), config.units ?? config.rate, config.returnSequences ?? null];
  });
}

/** A small seeded job: y = mean of the last window row, plus noise. */
function job(overrides: Partial<ModelFoldJob> = {}, modelInput: Record<string, unknown> = {}): ModelFoldJob {
  const random = mulberry32(5);
  const lookback = 4;
  const featureCount = 2;
  const windows = (count: number) => Float32Array.from({ length: count * lookback * featureCount }, () => random() * 2 - 1);
  const targets = (x: Float32Array) => {
    const count = x.length / (lookback * featureCount);
    return Float32Array.from({ length: count }, (_, i) => x[(i + 1) * lookback * featureCount - 1] + 0.1 * (random() - 0.5));
  };
  const xTrain = windows(96);
  const xValidation = windows(16);
  return {
    foldIndex: 0,
    seed: deriveSeed(42, 0),
    engine: 'cpu',
    fused: false,
    // A small LSTM unless the test names another type (each type's block has its own keys).
    model: model(modelInput.type && modelInput.type !== 'lstm' ? modelInput : { type: 'lstm', layers: [6], epochs: 3, batchSize: 16, patience: 2, ...modelInput }),
    lookback,
    featureCount,
    xTrain,
    yTrain: targets(xTrain),
    xValidation,
    yValidation: targets(xValidation),
    xTest: windows(10),
    targetMean: 0,
    targetScale: 1,
    ...overrides,
  };
}

/** The model a fold of this config builds (compiled), as the bench builds it. */
async function buildModel(config: ReturnType<typeof model>, buildOptions: ReturnType<typeof options>) {
  return (await buildNetwork(tf, config, buildOptions)).model;
}

describe('buildNetwork: the recurrent types', () => {
  it("expresses the seeds' stacked LSTM(50) + Dropout(0.2) + LSTM(50) + Dense(1)", async () => {
    const built = await buildModel(model({ layers: [50, 50], dropout: 0.2 }), options(60, 8));
    expect(layerSummary(built)).toEqual([
      ['LSTM', 50, true],
      ['FastDropout', 0.2, null],
      ['LSTM', 50, false],
      ['Dense', 1, null],
    ]);
    expect((built.layers[0].getConfig() as { recurrentActivation: string }).recurrentActivation).toBe('sigmoid');
    expect(built.inputs[0].shape).toEqual([null, 60, 8]);
    built.dispose();
  });

  it('LSTM(100) on close and LSTM(128) on OHLCV with a Dense(25) head', async () => {
    const one = await buildModel(model({ layers: [100] }), options(60, 1));
    expect(layerSummary(one)).toEqual([['LSTM', 100, false], ['Dense', 1, null]]);
    const ohlcv = await buildModel(model({ layers: [128], dense: [25] }), options(60, 5));
    expect(layerSummary(ohlcv)).toEqual([['LSTM', 128, false], ['Dense', 25, null], ['Dense', 1, null]]);
    one.dispose();
    ohlcv.dispose();
  });

  it('recurrent kernels start orthogonal (rows orthonormal for LSTM(16): K Kᵀ = I)', async () => {
    const built = await buildModel(model({ layers: [16] }), options(5, 3));
    const kernel = built.layers[0].getWeights()[1];
    expect(kernel.shape).toEqual([16, 64]);
    const product = tf.matMul(kernel, kernel, false, true).arraySync() as number[][];
    product.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(i === j ? 1 : 0, 5)));
    built.dispose();
  });

  it('gru, and lstm-gru (an LSTM first, GRUs after)', async () => {
    const gru = await buildModel(model({ type: 'gru', layers: [8] }), options(5, 2));
    expect(layerSummary(gru)[0]).toEqual(['GRU', 8, false]);
    const mixed = await buildModel(model({ type: 'lstm-gru', layers: [8, 6] }), options(5, 2));
    expect(layerSummary(mixed).map((row) => row[0])).toEqual(['LSTM', 'GRU', 'Dense']);
    gru.dispose();
    mixed.dispose();
  });
});

describe('trainFold', () => {
  it('is deterministic: the same job gives bit-identical predictions and losses', async () => {
    const jobWithDropout = job({}, { layers: [6, 4], dropout: 0.3, recurrentDropout: 0.2 });
    const first = await trainFold(jobWithDropout);
    const second = await trainFold(jobWithDropout);
    expect(Array.from(second.forecasts)).toEqual(Array.from(first.forecasts));
    expect(second.trainLoss).toEqual(first.trainLoss);
    const otherSeed = await trainFold({ ...jobWithDropout, seed: deriveSeed(42, 1) });
    expect(Array.from(otherSeed.forecasts)).not.toEqual(Array.from(first.forecasts));
  });

  it('fold seeds depend on (run seed, fold index) only and differ between folds', async () => {
    expect(deriveSeed(42, 3)).toBe(deriveSeed(42, 3));
    expect(new Set([0, 1, 2, 3].map((i) => deriveSeed(42, i))).size).toBe(4);
    expect(deriveSeed(43, 0)).not.toBe(deriveSeed(42, 0));
  });

  it('learns the toy target (loss falls) and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const output = await trainFold(job({}, { epochs: 15, learningRate: 0.02, patience: 0 }));
    expect(tf.memory().numTensors).toBe(before);
    expect(output.trainLoss[14]).toBeLessThan(output.trainLoss[0] * 0.5);
    expect(output.forecasts).toHaveLength(10);
    expect(output.engine).toBe('cpu');
  });

  it('early stopping ends after `patience` epochs without improvement and keeps the best epoch', async () => {
    // A learning rate this large makes the validation loss climb after the first steps.
    const output = await trainFold(job({}, { epochs: 30, learningRate: 0.9, patience: 2 }));
    const best = Math.min(...output.validationLoss);
    expect(output.validationLoss[output.bestEpoch - 1]).toBe(best);
    expect(output.epochsRun).toBe(output.bestEpoch + 2);
    expect(output.epochsRun).toBeLessThan(30);
  });

  it('clipNorm bounds every update: with a tiny norm the loss barely moves', async () => {
    const clipped = await trainFold(job({}, { epochs: 2, learningRate: 0.05, clipNorm: 1e-9, patience: 0 }));
    const free = await trainFold(job({}, { epochs: 2, learningRate: 0.05, patience: 0 }));
    // Adam normalises step sizes, so clipping shows as the loss not moving, not as tiny steps.
    expect(Math.abs(clipped.trainLoss[1] - clipped.trainLoss[0])).toBeLessThan(Math.abs(free.trainLoss[1] - free.trainLoss[0]));
  });

  it('saves the fold model in tfjs format when asked', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'wf-model-'));
    try {
      const dir = path.join(parent, 'fold-0');
      await trainFold(job({ saveModelDir: dir }, { epochs: 1 }));
      const manifest = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
      expect(manifest.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name)).toEqual(['LSTM', 'Dense']);
      expect(readFileSync(path.join(dir, 'weights.bin')).length).toBe(
        manifest.weightsManifest[0].weights.reduce((sum: number, w: { shape: number[] }) => sum + 4 * w.shape.reduce((a, b) => a * b, 1), 0),
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('naive predicts zero; linear is ridge on the last window row', async () => {
    const naive = await trainFold(job({}, { type: 'naive' }));
    expect(Array.from(naive.forecasts)).toEqual(new Array(10).fill(0));
    const linear = await trainFold(job({}, { type: 'linear', ridgeAlpha: 0 }));
    expect(linear.engine).toBe('none');
    expect(linear.forecasts).toHaveLength(10);
  });
});

describe('ridge', () => {
  it('recovers known coefficients with alpha 0 and shrinks them with a large alpha', async () => {
    const random = mulberry32(9);
    const rows = 200;
    const x = Float64Array.from({ length: rows * 2 }, () => random());
    const y = Float64Array.from({ length: rows }, (_, i) => 3 * x[2 * i] - 2 * x[2 * i + 1] + 0.5);
    const exact = fitRidge(x, y, 2, 0);
    expect(exact.weights[0]).toBeCloseTo(3, 6);
    expect(exact.weights[1]).toBeCloseTo(-2, 6);
    expect(exact.intercept).toBeCloseTo(0.5, 6);
    expect(predictRidge(exact, Float64Array.from([1, 1]), 2)[0]).toBeCloseTo(1.5, 6);
    const shrunk = fitRidge(x, y, 2, 1e6);
    expect(Math.abs(shrunk.weights[0])).toBeLessThan(0.1);
  });
});
