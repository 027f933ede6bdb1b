// tf.matMul on the fused kernel (useFusedKernels) must compute what the backends' own BatchMatMul
// computes, to float32 rounding: every transpose combination, batches and a broadcast operand,
// odd sizes (partial SIMD blocks), gradients, and a model trained with fit; the heap stays flat.
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadEngine } from '../../../src/models/engine.ts';
import { fusedHeapStats } from '../../../src/models/fused/index.ts';
import { useFusedKernels } from '../../../src/models/fused/index.ts';
import { relativeError, stockAndFused } from './compare-helpers.ts';

const TOLERANCE = 1e-5;

// [a shape, b shape, transposeA, transposeB]
const products: Array<[number[], number[], boolean, boolean]> = [
  [[7, 5], [5, 13], false, false],
  [[5, 7], [5, 13], true, false],
  [[7, 5], [13, 5], false, true],
  [[5, 7], [13, 5], true, true],
  [[1, 1], [1, 1], false, false],
  [[33, 70], [70, 19], false, false], // 6-row and 4-row blocks, 8-column panels and a 3-column tail
  [[300, 40], [300, 9], true, false], // a weight gradient: x^T dy over many rows
  [[3, 6, 4], [3, 4, 10], false, false], // batched
  [[3, 6, 4], [3, 10, 4], false, true], // attention scores: Q K^T
  [[2, 3, 4, 6], [2, 3, 6, 5], false, false], // two outer dimensions
  [[1, 6, 4], [3, 4, 5], false, false], // A broadcast over B's batch
  [[3, 6, 4], [6, 5], true, false], // a rank-2 B broadcast, A transposed per product
];

afterAll(() => {
  useFusedKernels('wasm', false);
  useFusedKernels('cpu', false);
});

// wasm first: the engine loader registers the wasm backend only when it is requested first.
describe.each(['wasm', 'cpu'] as const)('fused matMul on %s', (backend) => {
  it.each(products)('%j x %j transposeA=%s transposeB=%s matches the stock kernel', async (aShape, bShape, transposeA, transposeB) => {
    await loadEngine(backend);
    const a = tf.randomNormal(aShape, 0, 1, 'float32', 1);
    const b = tf.randomNormal(bShape, 0, 1, 'float32', 2);
    const { stock, fused } = stockAndFused(backend, () => tf.matMul(a, b, transposeA, transposeB));
    expect(fused.shape).toEqual(stock.shape);
    expect(relativeError(fused, stock)).toBeLessThan(TOLERANCE);
    tf.dispose([a, b, stock, fused]);
  });

  it('an empty inner dimension gives zeros (stock wasm leaves its output unwritten)', async () => {
    await loadEngine(backend);
    useFusedKernels(backend, true);
    const product = tf.matMul(tf.zeros([4, 0]), tf.zeros([0, 3]));
    expect(product.shape).toEqual([4, 3]);
    expect(Array.from(product.dataSync())).toEqual(new Array(12).fill(0));
    product.dispose();
  });

  it('gives the stock gradients of a product chain (every transpose the gradients use)', async () => {
    await loadEngine(backend);
    const x = tf.randomNormal([9, 6], 0, 1, 'float32', 3);
    const w1 = tf.randomNormal([6, 11], 0, 1, 'float32', 4);
    const w2 = tf.randomNormal([11, 3], 0, 1, 'float32', 5);
    const loss = (xs: tf.Tensor, a: tf.Tensor, c: tf.Tensor) => tf.sum(tf.square(tf.matMul(tf.tanh(tf.matMul(xs, a)), c)));
    const { stock, fused } = stockAndFused(backend, () => tf.grads(loss)([x, w1, w2]));
    fused.forEach((g, i) => expect(relativeError(g, stock[i])).toBeLessThan(TOLERANCE));
    tf.dispose([x, w1, w2, ...stock, ...fused]);
  });

  it('non-float32 products run on the stock kernel (the cpu one multiplies them, the wasm one refuses)', async () => {
    await loadEngine(backend);
    const a = tf.tensor2d([[1, 2], [3, 4]], undefined, 'int32');
    const outcome = () => {
      try {
        return tf.tidy(() => Array.from(tf.matMul(a, a).dataSync()));
      } catch (error) {
        return (error as Error).message;
      }
    };
    useFusedKernels(backend, false);
    const expected = outcome();
    useFusedKernels(backend, true);
    expect(outcome()).toEqual(expected);
    a.dispose();
  });

  it('trains a Dense model to the stock losses with flat tensors and wasm heap', async () => {
    await loadEngine(backend);
    const x = tf.randomNormal([40, 12], 0, 1, 'float32', 6);
    const y = tf.randomNormal([40, 1], 0, 1, 'float32', 7);
    const fit = async (fused: boolean) => {
      useFusedKernels(backend, fused);
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 16, activation: 'relu', inputShape: [12], kernelInitializer: tf.initializers.glorotNormal({ seed: 8 }) }),
          tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: 9 }) }),
        ],
      });
      model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
      const tensors: number[] = [];
      const heap: number[] = [];
      const history = await model.fit(x, y, {
        epochs: 8,
        batchSize: 16,
        shuffle: false,
        verbose: 0,
        callbacks: {
          onEpochEnd: async () => {
            tensors.push(tf.memory().numTensors);
            heap.push(fusedHeapStats().memoryBytes);
          },
        },
      });
      model.dispose();
      return { loss: history.history.loss as number[], tensors, heap };
    };
    const stock = await fit(false);
    const fused = await fit(true);
    fused.loss.forEach((loss, epoch) => expect(Math.abs(loss - stock.loss[epoch]) / stock.loss[epoch]).toBeLessThan(1e-4));
    expect(new Set(fused.tensors.slice(1)).size, `numTensors per epoch ${fused.tensors}`).toBe(1);
    expect(new Set(fused.heap.slice(1)).size, `wasm memory per epoch ${fused.heap}`).toBe(1);
    tf.dispose([x, y]);
  });
});
