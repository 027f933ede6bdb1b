// The custom layers agree with tfjs's own where tfjs has one, and the convolution is causal.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../../src/models/engine.ts';
import { causalConv1d, lastStep, layerNorm, positionalEncoding } from '../../../src/models/network-kit.ts';
import { sinusoidalTable } from '../../../src/models/layers/positional-encoding.ts';

beforeAll(async () => {
  await loadEngine('cpu');
});

const maxDifference = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const x = () => tf.randomNormal([3, 7, 4], 0, 1, 'float32', 5);

describe('custom layers', () => {
  it('LayerNorm computes what tfjs layerNormalization computes (same gamma and beta)', () => {
    const ours = layerNorm({ epsilon: 1e-3 });
    const stock = tf.layers.layerNormalization({ epsilon: 1e-3 });
    const input = x();
    ours.apply(input);
    stock.apply(input);
    const weights = [tf.randomNormal([4], 1, 0.3, 'float32', 1), tf.randomNormal([4], 0, 0.3, 'float32', 2)];
    ours.setWeights(weights);
    stock.setWeights(weights);
    expect(maxDifference(ours.apply(input) as tf.Tensor, stock.apply(input) as tf.Tensor)).toBeLessThan(1e-5);
  });

  it('CausalConv1D with dilation 1 computes what tfjs conv1d computes on the input padded with 2 zero steps in front', () => {
    // (tfjs's own causal padding throws "not implemented yet".)
    const ours = causalConv1d({ filters: 5, kernelSize: 3, activation: 'relu' });
    const stock = tf.layers.conv1d({ filters: 5, kernelSize: 3, padding: 'valid', activation: 'relu' });
    const input = x();
    const padded = tf.pad(input, [[0, 0], [2, 0], [0, 0]]);
    ours.apply(input);
    stock.apply(padded);
    // tfjs's kernel [kernelSize, channels, filters] is ours [kernelSize x channels, filters] row for row.
    const [kernel, bias] = stock.getWeights();
    ours.setWeights([tf.reshape(kernel, [12, 5]), bias]);
    expect(maxDifference(ours.apply(input) as tf.Tensor, stock.apply(padded) as tf.Tensor)).toBeLessThan(1e-5);
  });

  it('CausalConv1D (dilated) is causal: step t does not change when later steps do', () => {
    const layer = causalConv1d({ filters: 3, kernelSize: 3, dilationRate: 2 });
    const input = x();
    const changed = tf.concat([tf.slice(input, [0, 0, 0], [3, 4, 4]), tf.mul(tf.slice(input, [0, 4, 0], [3, 3, 4]), -5)], 1);
    const before = layer.apply(input) as tf.Tensor;
    const after = layer.apply(changed) as tf.Tensor;
    expect(before.shape).toEqual([3, 7, 3]);
    expect(maxDifference(tf.slice(before, [0, 0, 0], [3, 4, 3]), tf.slice(after, [0, 0, 0], [3, 4, 3]))).toBe(0);
    expect(maxDifference(tf.slice(before, [0, 4, 0], [3, 3, 3]), tf.slice(after, [0, 4, 0], [3, 3, 3]))).toBeGreaterThan(0);
    // valid padding: (3 - 1) x 2 steps shorter.
    expect((causalConv1d({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'valid' }).apply(input) as tf.Tensor).shape).toEqual([3, 3, 3]);
  });

  it('sinusoidal positions: sin on even features, cos on odd, position 0 = [0, 1, 0, 1]', () => {
    const table = sinusoidalTable(7, 4);
    expect(Array.from(table.slice(0, 4))).toEqual([0, 1, 0, 1]);
    expect(table[4 + 0]).toBeCloseTo(Math.sin(1), 6);
    expect(table[4 + 3]).toBeCloseTo(Math.cos(1 / 100), 6);
    const input = x();
    const encoded = positionalEncoding({ kind: 'sinusoidal' }).apply(input) as tf.Tensor;
    expect(maxDifference(tf.sub(encoded, input), tf.broadcastTo(tf.tensor3d(table, [1, 7, 4]), [3, 7, 4]))).toBeLessThan(1e-6);
  });

  it('LastStep keeps the last step', () => {
    const input = x();
    expect(maxDifference(lastStep().apply(input) as tf.Tensor, tf.reshape(tf.slice(input, [0, 6, 0], [3, 1, 4]), [3, 4]))).toBe(0);
  });
});
