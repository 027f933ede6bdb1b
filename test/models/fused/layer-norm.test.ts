// LayerNorm (the transformer's layer) on the fused kernel, where the fused kernels are selected,
// must compute what its tf-ops path computes: outputs and gradients (input, gamma, beta) to float32
// rounding on the wasm and cpu backends. It trains with flat memory, and its saved form is the
// same either way: a model saved on one path loads and forecasts on the other.
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadEngine } from '../../../src/models/engine.ts';
import { fusedHeapStats, useFusedKernels } from '../../../src/models/fused/index.ts';
import { LayerNorm, layerNorm } from '../../../src/models/layers/layer-norm.ts';
import { relativeError, stockAndFused } from './compare-helpers.ts';

const TOLERANCE = 1e-5;

afterAll(() => {
  useFusedKernels('wasm', false);
  useFusedKernels('cpu', false);
});

/** Output, input gradient and weight gradients of `layer` for a random linear functional of its output. */
function outputAndGradients(layer: LayerNorm, x: tf.Tensor, probe: tf.Tensor): tf.Tensor[] {
  const loss = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, probe)) as tf.Scalar;
  const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const { grads } = tf.variableGrads(() => loss(x), vars);
  return [layer.apply(x) as tf.Tensor, tf.grad(loss)(x), ...vars.map((v) => grads[v.name])];
}

/** The kernels one call of the layer runs. */
async function kernelsOf(layer: LayerNorm, x: tf.Tensor): Promise<string[]> {
  const info = await tf.profile(() => layer.apply(x) as tf.Tensor);
  return info.kernelNames;
}

describe.each(['wasm', 'cpu'] as const)('LayerNorm on the fused kernel on %s', (backend) => {
  it.each([[[4, 7, 13]], [[2, 60, 32]], [[9, 5]]])('matches its tf-ops path for shape %j', async (shape) => {
    await loadEngine(backend);
    const before = tf.memory().numTensors;
    tf.engine().startScope();
    const layer = layerNorm({ epsilon: 1e-6 });
    // A large offset: the normalisation must subtract it as the ops do.
    const x = tf.add(tf.randomNormal(shape, 0, 2, 'float32', 5), 3);
    layer.apply(x);
    const cols = shape[shape.length - 1];
    // Not the initial ones and zeros, so gamma and beta show in the output.
    layer.setWeights([tf.randomNormal([cols], 1, 0.3, 'float32', 3), tf.randomNormal([cols], 0, 0.3, 'float32', 4)]);
    const probe = tf.randomNormal(shape, 0, 1, 'float32', 6);
    const { stock, fused } = stockAndFused(backend, () => outputAndGradients(layer, x, probe));
    const names = ['output', 'dInput', 'dGamma', 'dBeta'];
    expect(fused).toHaveLength(4);
    fused.forEach((t, i) => expect(relativeError(t, stock[i]), names[i]).toBeLessThan(TOLERANCE));
    // The two paths really differ: the ops path's rsqrt is not in the fused one.
    useFusedKernels(backend, false);
    expect(await kernelsOf(layer, x)).toContain('Rsqrt');
    useFusedKernels(backend, true);
    expect(await kernelsOf(layer, x)).not.toContain('Rsqrt');
    useFusedKernels(backend, false);
    layer.dispose();
    tf.engine().endScope();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('LayerNorm on the fused kernel in a model', () => {
  it('trains with flat tensors and wasm heap; saved on the fused path, it loads and forecasts on the ops path', async () => {
    await loadEngine('wasm');
    useFusedKernels('wasm', true);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 8, inputShape: [6, 3] }),
        layerNorm({ epsilon: 1e-6 }),
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
    const fusedForecast = model.predict(x) as tf.Tensor;
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    useFusedKernels('wasm', false);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect(loaded.layers[1]).toBeInstanceOf(LayerNorm);
    expect(relativeError(loaded.predict(x) as tf.Tensor, fusedForecast)).toBeLessThan(1e-5);
    tf.dispose([x, y, fusedForecast]);
    model.dispose();
    loaded.dispose();
  });
});
