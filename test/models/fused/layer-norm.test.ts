// FusedLayerNormalization must compute what tf.layers.layerNormalization computes: outputs and
// gradients (input, gamma, beta) to float32 rounding on the wasm and cpu backends, with and
// without scale and center; other axes take the stock path; it trains with flat memory and
// serialises as itself.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadEngine } from '../../../src/models/engine.ts';
import { FusedLayerNormalization, fusedHeapStats, fusedLayerNormalization } from '../../../src/models/fused/index.ts';
import { relativeError } from './compare-helpers.ts';

const TOLERANCE = 1e-5;

type Args = Parameters<typeof tf.layers.layerNormalization>[0];

/** Relative errors of the fused layer's output and gradients against the stock layer's. */
function compare(shape: number[], args: Args) {
  const initialized = {
    ...args,
    // Not the default ones and zeros, so gamma and beta show in the output.
    gammaInitializer: tf.initializers.randomNormal({ mean: 1, stddev: 0.3, seed: 3 }),
    betaInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: 4 }),
  };
  const stock = tf.layers.layerNormalization(initialized);
  const fused = fusedLayerNormalization(initialized);
  // A sequence with a large offset: the normalisation must subtract it exactly as stock does.
  const x = tf.add(tf.randomNormal(shape, 0, 2, 'float32', 5), 3);
  stock.apply(x);
  fused.apply(x);
  fused.setWeights(stock.getWeights());
  const probe = tf.randomNormal(shape, 0, 1, 'float32', 6);
  const loss = (layer: tf.layers.Layer) => (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, probe)) as tf.Scalar;
  const weightGrads = (layer: tf.layers.Layer) => {
    const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { grads } = tf.variableGrads(() => loss(layer)(x), vars);
    return vars.map((v) => grads[v.name]);
  };
  const stockGrads = weightGrads(stock);
  const fusedGrads = weightGrads(fused);
  const errors = {
    output: relativeError(fused.apply(x) as tf.Tensor, stock.apply(x) as tf.Tensor),
    dInput: relativeError(tf.grad(loss(fused))(x), tf.grad(loss(stock))(x)),
    ...Object.fromEntries(fusedGrads.map((g, i) => [`dWeight${i}`, relativeError(g, stockGrads[i])])),
  };
  expect(fusedGrads).toHaveLength(stockGrads.length);
  expect(fused.lastStockPathReason).toBeUndefined();
  stock.dispose();
  fused.dispose();
  return errors;
}

describe.each(['wasm', 'cpu'] as const)('FusedLayerNormalization matches tf.layers.layerNormalization on %s', (backend) => {
  it.each([
    [[4, 7, 13], { epsilon: 1e-6 }],
    [[2, 60, 32], { epsilon: 1e-6 }],
    [[9, 5], {}],
  ] as Array<[number[], Args]>)('shape %j args %j', async (shape, args) => {
    await loadEngine(backend);
    const before = tf.memory().numTensors;
    tf.engine().startScope();
    const errors = compare(shape, args);
    tf.engine().endScope();
    for (const [name, error] of Object.entries(errors)) expect(error, name).toBeLessThan(TOLERANCE);
    expect(tf.memory().numTensors).toBe(before);
  });

  // Without gamma or beta the stock layer computes its output but cannot be differentiated (tfjs
  // 4.22 saves an undefined scale or offset for the gradient): outputs are compared with it,
  // gradients with the same normalisation written in differentiable tf ops.
  it.each([
    [{ scale: false }],
    [{ center: false }],
    [{ scale: false, center: false }],
  ] as Array<[Args]>)('args %j', async (args) => {
    await loadEngine(backend);
    const epsilon = 1e-3;
    const stock = tf.layers.layerNormalization({ ...args, epsilon });
    const fused = fusedLayerNormalization({ ...args, epsilon });
    const x = tf.randomNormal([3, 4, 6], 1, 2, 'float32', 9);
    expect(relativeError(fused.apply(x) as tf.Tensor, stock.apply(x) as tf.Tensor)).toBeLessThan(TOLERANCE);
    expect(fused.lastStockPathReason).toBeUndefined();
    const probe = tf.randomNormal([3, 4, 6], 0, 1, 'float32', 10);
    const reference = (input: tf.Tensor) => {
      const { mean, variance } = tf.moments(input, -1, true);
      return tf.div(tf.sub(input, mean), tf.sqrt(tf.add(variance, epsilon)));
    };
    const dFused = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(fused.apply(input) as tf.Tensor, probe)))(x);
    const dReference = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(reference(input), probe)))(x);
    // gamma starts at ones and beta at zeros: the same function as the reference.
    expect(relativeError(dFused, dReference)).toBeLessThan(TOLERANCE);
  });
});

describe('FusedLayerNormalization in use', () => {
  it('normalising another axis takes the stock path and gives the stock output', async () => {
    await loadEngine('cpu');
    const layer = fusedLayerNormalization({ axis: 1 });
    const stock = tf.layers.layerNormalization({ axis: 1 });
    const x = tf.randomNormal([3, 4, 5], 0, 1, 'float32', 7);
    const y = layer.apply(x) as tf.Tensor;
    expect(layer.lastStockPathReason).toBe('axis [1]');
    expect(relativeError(y, stock.apply(x) as tf.Tensor)).toBeLessThan(1e-6);
  });

  it('trains in a model with flat tensors and wasm heap, and round-trips through save/load', async () => {
    await loadEngine('wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 8, inputShape: [6, 3] }),
        fusedLayerNormalization({ epsilon: 1e-6 }),
        tf.layers.globalAveragePooling1d({}),
        tf.layers.dense({ units: 1 }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const x = tf.randomNormal([40, 6, 3], 0, 1, 'float32', 8);
    const y = tf.mean(tf.slice(x, [0, 0, 0], [40, 6, 1]), 1);
    const tensors: number[] = [];
    const heap: number[] = [];
    const history = await model.fit(x, y, {
      epochs: 20,
      batchSize: 16,
      verbose: 0,
      callbacks: {
        onEpochEnd: async () => {
          tensors.push(tf.memory().numTensors);
          heap.push(fusedHeapStats().memoryBytes);
        },
      },
    });
    const loss = history.history.loss as number[];
    expect(loss[loss.length - 1]).toBeLessThan(loss[0]);
    expect(new Set(tensors.slice(1)).size, `numTensors per epoch ${tensors}`).toBe(1);
    expect(new Set(heap.slice(1)).size, `wasm memory per epoch ${heap}`).toBe(1);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect(loaded.layers[1]).toBeInstanceOf(FusedLayerNormalization);
    expect(relativeError(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor)).toBeLessThan(1e-6);
    tf.dispose([x, y]);
    model.dispose();
    loaded.dispose();
  });
});
