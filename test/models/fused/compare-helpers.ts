// Shared by the fused layer and kernel tests: build a stock and a fused layer with the same weights
// and compare outputs and gradients (input, kernel, recurrent kernel, bias); run ops on the stock
// and on the fused backend kernels.
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fusedGru, fusedLstm, fusedSimpleRnn, useFusedKernels, type GRULayerArgs, type LSTMLayerArgs } from '../../../src/models/fused/index.ts';

export type Kind = 'lstm' | 'gru' | 'rnn';
export type RecAct = 'sigmoid' | 'hardSigmoid';

/** max |a - b| / max |b|: relative error on the scale of the reference tensor. */
export function relativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  return tf.tidy(() => {
    const diff = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0];
    const scale = tf.max(tf.abs(expected)).dataSync()[0];
    return diff / Math.max(scale, 1e-12);
  });
}

export function layerArgs(units: number, recurrentActivation: RecAct, returnSequences: boolean, seed: number) {
  return {
    units,
    recurrentActivation,
    returnSequences,
    kernelInitializer: tf.initializers.glorotNormal({ seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }),
    // A non-zero bias exercises the bias path and its gradient.
    biasInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.5, seed: seed + 2 }),
  };
}

/**
 * A stock and a fused layer of `kind` from the same arguments (any all layer kinds take; SimpleRNN
 * ignores recurrentActivation, it has no gates).
 */
export function makePair(kind: Kind, args: LSTMLayerArgs & GRULayerArgs) {
  if (kind === 'lstm') return { stock: tf.layers.lstm(args), fused: fusedLstm(args) };
  if (kind === 'gru') return { stock: tf.layers.gru(args), fused: fusedGru(args) };
  return { stock: tf.layers.simpleRNN(args), fused: fusedSimpleRnn(args) };
}

/** `f` with tfjs's own backend kernels and with the fused replacements; both results kept (the caller disposes). */
export function stockAndFused<T extends tf.Tensor | tf.Tensor[]>(backend: 'wasm' | 'cpu', f: () => T): { stock: T; fused: T } {
  useFusedKernels(backend, false);
  const stock = f();
  useFusedKernels(backend, true);
  const fused = f();
  return { stock, fused };
}

export interface Comparison {
  output: number;
  dInput: number;
  dKernel: number;
  dRecurrentKernel: number;
  dBias: number;
}

/** `extraArgs` go to the layer constructors; a `stepMask` [B,T] (1 = real step) to every call. */
export function compare(kind: Kind, shape: [number, number, number], units: number, recAct: RecAct, returnSequences: boolean,
  extraArgs: Record<string, unknown> = {}, stepMask?: tf.Tensor): Comparison {
  const [batch, steps, inputDim] = shape;
  const { stock, fused } = makePair(kind, { ...layerArgs(units, recAct, returnSequences, 11), ...extraArgs });
  const x = tf.randomNormal([batch, steps, inputDim], 0, 1, 'float32', 5);
  stock.apply(x);
  fused.apply(x);
  fused.setWeights(stock.getWeights());
  const outShape = returnSequences ? [batch, steps, units] : [batch, units];
  // A random linear functional of the output, so every output element gets a distinct gradient.
  const probe = tf.randomNormal(outShape, 0, 1, 'float32', 7);
  const callArgs = stepMask ? { mask: stepMask } : {};
  const loss = (layer: tf.layers.Layer) => (input: tf.Tensor) =>
    tf.sum(tf.mul(layer.apply(input, callArgs) as tf.Tensor, probe)) as tf.Scalar;
  const weightGrads = (layer: tf.layers.Layer) => {
    const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { grads } = tf.variableGrads(() => loss(layer)(x), vars);
    return vars.map((v) => grads[v.name]);
  };
  const [sk, sr, sb] = weightGrads(stock);
  const [fk, fr, fb] = weightGrads(fused);
  const result = {
    output: relativeError(fused.apply(x, callArgs) as tf.Tensor, stock.apply(x, callArgs) as tf.Tensor),
    dInput: relativeError(tf.grad(loss(fused))(x), tf.grad(loss(stock))(x)),
    dKernel: relativeError(fk, sk),
    dRecurrentKernel: relativeError(fr, sr),
    dBias: relativeError(fb, sb),
  };
  expect(fused.lastStockPathReason).toBeUndefined();
  stock.dispose();
  fused.dispose();
  return result;
}

