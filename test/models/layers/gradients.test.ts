// The custom layers' gradients (tfjs autodiff through our call()) against central finite
// differences of the same layer's output, for the input and every weight: a wrong transpose,
// scale or softmax axis shows here. Float32 on the cpu backend, so steps of 1e-2 and 1% tolerance.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../../src/models/engine.ts';
import { withSeededMathRandom } from '../../../src/models/seeded-math-random.ts';
import { additiveAttentionPooling, causalConv1d, layerNorm, multiHeadSelfAttention, positionalEncoding } from '../../../src/models/network-kit.ts';

beforeAll(async () => {
  await loadEngine('cpu');
});

const EPSILON = 1e-2;

/**
 * Max |analytic - numeric| over the input and every weight of `layer`, relative to the largest
 * numeric gradient of them all (some are exactly zero: the key bias cannot change a softmax row).
 */
function gradientError(layer: tf.layers.Layer, x: tf.Tensor3D, seed: number): Promise<number> {
  // The layer's weights are drawn from Math.random when it is first applied: seeded, so every
  // run checks the same weights (the margins below then hold run after run).
  return withSeededMathRandom(seed, async () => gradientErrorAt(layer, x, seed));
}

function gradientErrorAt(layer: tf.layers.Layer, x: tf.Tensor3D, seed: number): number {
  const probe = tf.randomNormal((layer.apply(x) as tf.Tensor).shape, 0, 1, 'float32', seed);
  const lossAt = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, probe)) as tf.Scalar;
  const variables = layer.trainableWeights.map((weight) => (weight as unknown as { val: tf.Variable }).val);
  const { grads } = tf.variableGrads(() => lossAt(x), variables);
  const pairs: Array<[analytic: Float32Array, numeric: Float32Array]> = [];
  /** Central differences of the loss in each element of `values`, set through `use`. */
  const numericGradient = (values: Float32Array, use: (changed: Float32Array) => number) =>
    Float32Array.from(values, (value, i) => {
      const changed = values.slice();
      changed[i] = value + EPSILON;
      const up = use(changed);
      changed[i] = value - EPSILON;
      const down = use(changed);
      return (up - down) / (2 * EPSILON);
    });
  for (const variable of variables) {
    const values = Float32Array.from(variable.dataSync());
    const numeric = numericGradient(values, (changed) => {
      variable.assign(tf.tensor(changed, variable.shape));
      return lossAt(x).dataSync()[0];
    });
    variable.assign(tf.tensor(values, variable.shape));
    pairs.push([Float32Array.from(grads[variable.name].dataSync()), numeric]);
  }
  const inputValues = Float32Array.from(x.dataSync());
  pairs.push([
    Float32Array.from(tf.grad(lossAt)(x).dataSync()),
    numericGradient(inputValues, (changed) => lossAt(tf.tensor(changed, x.shape)).dataSync()[0]),
  ]);
  const scale = Math.max(...pairs.flatMap(([, numeric]) => Array.from(numeric, Math.abs)));
  const worst = Math.max(...pairs.flatMap(([analytic, numeric]) => Array.from(numeric, (value, i) => Math.abs(analytic[i] - value))));
  return worst / scale;
}

describe('custom layer gradients match finite differences', () => {
  const x = () => tf.randomNormal([2, 5, 3], 0, 1, 'float32', 11) as tf.Tensor3D;

  it('multi-head self-attention (2 heads of 3)', async () => {
    expect(await gradientError(multiHeadSelfAttention({ numHeads: 2, keyDim: 3 }), x(), 1)).toBeLessThan(0.01);
  });

  it('additive attention pooling', async () => {
    expect(await gradientError(additiveAttentionPooling({ units: 4 }), x(), 2)).toBeLessThan(0.01);
  });

  it('causal dilated conv1d (kernel 3, dilation 2)', async () => {
    expect(await gradientError(causalConv1d({ filters: 4, kernelSize: 3, dilationRate: 2, activation: 'tanh' }), x(), 3)).toBeLessThan(0.01);
  });

  it('valid dilated conv1d (kernel 2, dilation 2): no padding, shorter output', async () => {
    expect(await gradientError(causalConv1d({ filters: 4, kernelSize: 2, dilationRate: 2, padding: 'valid', activation: 'tanh' }), x(), 7)).toBeLessThan(0.01);
  });

  it('layer norm', async () => {
    expect(await gradientError(layerNorm(), x(), 6)).toBeLessThan(0.01);
  });

  it('learned positional encoding', async () => {
    expect(await gradientError(positionalEncoding({ kind: 'learned' }), x(), 4)).toBeLessThan(0.01);
  });

  it('the check can fail: attention whose input gradient is doubled is caught', async () => {
    // customGrad with a gradient twice the true one: the check must see it.
    const layer = multiHeadSelfAttention({ numHeads: 1, keyDim: 2 });
    const original = layer.call.bind(layer);
    layer.call = (inputs, kwargs) => {
      const doubled = tf.customGrad((input: tf.Tensor | tf.GradSaveFunc) => {
        if (!(input instanceof tf.Tensor)) throw new Error('expected a tensor');
        return { value: tf.mul(input, 1), gradFunc: (dy: tf.Tensor) => tf.mul(dy, 2) };
      });
      return original(doubled(Array.isArray(inputs) ? inputs[0] : inputs), kwargs);
    };
    expect(await gradientError(layer, x(), 5)).toBeGreaterThan(0.1);
  });
});
