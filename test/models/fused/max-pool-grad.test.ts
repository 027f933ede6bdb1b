// The fused MaxPoolGrad kernel (useFusedKernels) gives each pooling window's gradient to the
// window's (first) maximum, as tfjs's cpu kernel does: exactly the stock cpu gradient for 1-D and
// 2-D pools, a length the pool does not divide, and the pools it leaves to the stock kernel
// (overlapping, padded). The stock wasm kernel drops the gradient of some windows whose maximum is
// negative, depending on what ran before (tfjs-backend-wasm 4.22: in a fresh process the input
// [-1, -3, -4, -2] pooled by 2 gets [1, 0, 0, 0]); behind a relu, as in the cnn forecasters (conv,
// relu, pool), no window is negative, and the fused kernel gives exactly the stock wasm gradient.
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadEngine } from '../../../src/models/engine.ts';
import { useFusedKernels } from '../../../src/models/fused/index.ts';

afterAll(() => {
  useFusedKernels('wasm', false);
  useFusedKernels('cpu', false);
});

// [name, input shape, pool layer]
const pools: Array<[string, number[], () => tf.layers.Layer]> = [
  ['maxPooling1d(2), the cnn forecaster', [32, 60, 64], () => tf.layers.maxPooling1d({ poolSize: 2 })],
  ['maxPooling1d(3), 7 steps', [3, 7, 5], () => tf.layers.maxPooling1d({ poolSize: 3 })],
  ['maxPooling2d([2, 2])', [2, 6, 5, 3], () => tf.layers.maxPooling2d({ poolSize: [2, 2] })],
  ['maxPooling1d(3, strides 1), overlapping', [2, 9, 4], () => tf.layers.maxPooling1d({ poolSize: 3, strides: 1 })],
  ['maxPooling1d(2, padding same)', [2, 9, 4], () => tf.layers.maxPooling1d({ poolSize: 2, padding: 'same' })],
];

/** d(sum(probe * f(x)))/dx on `engine`, with the fused kernels or the stock ones. */
async function gradientOn(engine: 'wasm' | 'cpu', fused: boolean, shape: number[], f: (x: tf.Tensor) => tf.Tensor): Promise<number[]> {
  await loadEngine(engine);
  useFusedKernels(engine, fused);
  return tf.tidy(() => {
    const x = tf.randomNormal(shape, 0, 1, 'float32', 11);
    const probe = tf.randomNormal(f(x).shape, 0, 1, 'float32', 12);
    return Array.from(tf.grad((input: tf.Tensor) => tf.sum(tf.mul(f(input), probe)))(x).dataSync());
  });
}

function mismatches(actual: number[], expected: number[]): number {
  return actual.filter((value, i) => value !== expected[i]).length;
}

describe('fused max-pool gradient', () => {
  // wasm first: the engine loader registers the wasm backend only when it is requested first.
  it.each(pools)('%s: the stock cpu gradient exactly, on wasm and cpu', async (_name, shape, makePool) => {
    const pool = makePool();
    const f = (x: tf.Tensor) => pool.apply(x) as tf.Tensor;
    const fusedWasm = await gradientOn('wasm', true, shape, f);
    const fusedCpu = await gradientOn('cpu', true, shape, f);
    const stockCpu = await gradientOn('cpu', false, shape, f);
    expect(mismatches(fusedWasm, stockCpu), 'wasm').toBe(0);
    expect(mismatches(fusedCpu, stockCpu), 'cpu').toBe(0);
  });

  it.each(pools)('%s behind a relu: the stock wasm gradient exactly', async (_name, shape, makePool) => {
    const pool = makePool();
    const f = (x: tf.Tensor) => pool.apply(tf.relu(x)) as tf.Tensor;
    const fused = await gradientOn('wasm', true, shape, f);
    const stock = await gradientOn('wasm', false, shape, f);
    expect(mismatches(fused, stock)).toBe(0);
  });

  it('gives a window whose maximum is negative its gradient on wasm', async () => {
    await loadEngine('wasm');
    useFusedKernels('wasm', true);
    const pool = tf.layers.maxPooling1d({ poolSize: 2 });
    const gradient = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(pool.apply(x) as tf.Tensor))(tf.tensor3d([[[-1], [-3], [-4], [-2]]])).dataSync()));
    expect(gradient).toEqual([1, 0, 0, 1]);
  });

  it('tied maxima go to the first of the window, as the cpu kernel gives them', async () => {
    const pool = tf.layers.maxPooling1d({ poolSize: 3 });
    const f = (x: tf.Tensor) => pool.apply(x) as tf.Tensor;
    const tied = async (fused: boolean) => {
      await loadEngine('cpu');
      useFusedKernels('cpu', fused);
      return tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(f(x)))(tf.tensor3d([[[1], [1], [0.5], [0], [0], [0], [2], [1], [2]]])).dataSync()));
    };
    expect(await tied(true)).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0]);
    expect(await tied(false)).toEqual(await tied(true));
  });
});
