// The fused LSTM/GRU/SimpleRNN layers must compute what tf.layers.lstm / gru / simpleRNN compute:
// outputs and gradients (input, kernel, recurrent kernel, bias) to 1e-4 relative, on the cpu and
// wasm backends.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadEngine } from '../../../src/models/engine.ts';
import { fusedGru, fusedLstm, fusedSimpleRnn } from '../../../src/models/fused/index.ts';
import { compare, layerArgs, makePair, relativeError, type Kind, type RecAct } from './compare-helpers.ts';

const TOLERANCE = 1e-4;

// wasm first: the engine loader registers the wasm backend only when it is requested first.
describe.each(['wasm', 'cpu'] as const)('fused layers match the stock tfjs layers on %s', (backend) => {
  // SimpleRNN has no gates, so no recurrent activation to vary.
  const cases: Array<[Kind, RecAct | 'none', boolean]> = [];
  for (const kind of ['lstm', 'gru', 'rnn'] as const) {
    for (const recAct of kind === 'rnn' ? (['none'] as const) : (['sigmoid', 'hardSigmoid'] as const)) {
      for (const returnSequences of [false, true]) cases.push([kind, recAct, returnSequences]);
    }
  }
  it.each(cases)('%s recurrentActivation=%s returnSequences=%s', async (kind, recAct, returnSequences) => {
    await loadEngine(backend);
    expect(tf.getBackend()).toBe(backend);
    // Odd sizes exercise the kernel's partial SIMD blocks (units not a multiple of 4, batch not of 4);
    // 20 units with batch 14 the packed 8-column panels with a 4-column tail and 6-row blocks.
    const shapes: Array<[[number, number, number], number]> = [
      [[5, 7, 3], 6],
      [[9, 4, 10], 13],
      [[2, 3, 1], 2],
      [[14, 5, 7], 20],
    ];
    const tensorsBefore = tf.memory().numTensors;
    for (const [shape, units] of shapes) {
      tf.engine().startScope();
      const r = compare(kind, shape, units, recAct === 'none' ? 'sigmoid' : recAct, returnSequences);
      tf.engine().endScope();
      for (const [name, err] of Object.entries(r)) {
        expect(err, `${name} for shape ${shape} units ${units}`).toBeLessThan(TOLERANCE);
      }
    }
    // Layers disposed and intermediates tidied: nothing leaks from the fused path.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe('masked steps (a mask kwarg, as from a Masking layer)', () => {
  // Mixed rows: leading, inner and trailing masked steps, and a row with none masked.
  const stepMask = () => tf.tensor2d([
    [0, 1, 1, 0, 1, 1],
    [1, 1, 0, 0, 1, 0],
    [1, 1, 1, 1, 1, 1],
    [0, 0, 1, 1, 0, 1],
  ]).cast('bool');
  it.each([
    ['lstm', true, false],
    ['lstm', false, false],
    ['gru', true, false],
    ['gru', false, false],
    ['lstm', true, true],
    ['gru', false, true],
    ['rnn', true, false],
    ['rnn', false, false],
    ['rnn', true, true],
  ] as const)('%s returnSequences=%s goBackwards=%s matches the stock layer', async (kind, returnSequences, goBackwards) => {
    await loadEngine('cpu');
    const r = compare(kind, [4, 6, 3], 5, 'sigmoid', returnSequences, { goBackwards }, stepMask());
    for (const [name, err] of Object.entries(r)) expect(err, name).toBeLessThan(TOLERANCE);
  });
});

describe('goBackwards', () => {
  it.each([
    ['lstm', true],
    ['lstm', false],
    ['gru', true],
    ['gru', false],
    ['rnn', true],
    ['rnn', false],
  ] as const)('%s returnSequences=%s matches the stock layer run last step first', async (kind, returnSequences) => {
    await loadEngine('cpu');
    const r = compare(kind, [4, 6, 3], 5, 'sigmoid', returnSequences, { goBackwards: true });
    for (const [name, err] of Object.entries(r)) expect(err, name).toBeLessThan(TOLERANCE);
  });
});

describe('fused layers inside tf.sequential', () => {
  it('a three-layer model predicts the same as the stock model with the same weights', async () => {
    await loadEngine('cpu');
    const build = (useFused: boolean) => {
      const lstm = useFused ? fusedLstm : tf.layers.lstm;
      const gru = useFused ? fusedGru : tf.layers.gru;
      const simpleRnn = useFused ? fusedSimpleRnn : tf.layers.simpleRNN;
      return tf.sequential({
        layers: [
          lstm({ units: 7, returnSequences: true, inputShape: [6, 4], recurrentActivation: 'sigmoid' }),
          tf.layers.dropout({ rate: 0.2 }),
          gru({ units: 5, returnSequences: true, recurrentActivation: 'hardSigmoid' }),
          simpleRnn({ units: 6 }),
          tf.layers.dense({ units: 1 }),
        ],
      });
    };
    const stock = build(false);
    const fused = build(true);
    fused.setWeights(stock.getWeights());
    const x = tf.randomNormal([11, 6, 4], 0, 1, 'float32', 3);
    expect(relativeError(fused.predict(x) as tf.Tensor, stock.predict(x) as tf.Tensor)).toBeLessThan(TOLERANCE);
  });

  it('a Masking layer in front gives the stock outputs', async () => {
    await loadEngine('cpu');
    const args = layerArgs(4, 'sigmoid', true, 3);
    const model = (layer: tf.layers.Layer) =>
      tf.sequential({ layers: [tf.layers.masking({ maskValue: 0, inputShape: [5, 2] }), layer] });
    const stock = model(tf.layers.lstm(args));
    const fusedLayer = fusedLstm(args);
    const fused = model(fusedLayer);
    fused.setWeights(stock.getWeights());
    const x = tf.tensor3d([[[1, 2], [0, 0], [3, 1], [0, 0], [0.5, 0.2]], [[0, 0], [1, 1], [2, 0], [1, 3], [0, 0]]]);
    expect(relativeError(fused.predict(x) as tf.Tensor, stock.predict(x) as tf.Tensor)).toBeLessThan(1e-5);
    expect(fusedLayer.lastStockPathReason).toBeUndefined();
  });
});

describe('training-time dropout on inputs and recurrent state', () => {
  // tfjs's dropoutFunc hook gives both layers the same deterministic masks (scaled like tf.dropout).
  const fixedDropout = (ones: tf.Tensor, rate: number) => {
    const size = ones.size;
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = (i * 7919) % 10 < rate * 10 ? 0 : 1 / (1 - rate);
    return tf.tensor(values, ones.shape);
  };

  it.each(['lstm', 'gru', 'rnn'] as const)('%s: outputs and gradients match the stock layer with dropout 0.3, recurrentDropout 0.25', async (kind) => {
    await loadEngine('cpu');
    const args = { ...layerArgs(6, 'sigmoid', true, 21), dropout: 0.3, recurrentDropout: 0.25, dropoutFunc: fixedDropout };
    const { stock, fused } = makePair(kind, args);
    const x = tf.randomNormal([5, 7, 4], 0, 1, 'float32', 8);
    stock.apply(x);
    fused.apply(x);
    fused.setWeights(stock.getWeights());
    const probe = tf.randomNormal([5, 7, 6], 0, 1, 'float32', 9);
    const loss = (layer: tf.layers.Layer) => (input: tf.Tensor) =>
      tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, probe)) as tf.Scalar;
    const weightGrads = (layer: tf.layers.Layer) => {
      const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      const { grads } = tf.variableGrads(() => loss(layer)(x), vars);
      return vars.map((v) => grads[v.name]);
    };
    const trainOut = (layer: tf.layers.Layer) => layer.apply(x, { training: true }) as tf.Tensor;
    // The masks change the result (so the comparison below is not the no-dropout case).
    expect(relativeError(trainOut(stock), stock.apply(x) as tf.Tensor)).toBeGreaterThan(1e-2);
    expect(relativeError(trainOut(fused), trainOut(stock))).toBeLessThan(TOLERANCE);
    expect(relativeError(tf.grad(loss(fused))(x), tf.grad(loss(stock))(x))).toBeLessThan(TOLERANCE);
    const gs = weightGrads(stock);
    const gf = weightGrads(fused);
    gf.forEach((g, i) => expect(relativeError(g, gs[i])).toBeLessThan(TOLERANCE));
    expect(fused.lastStockPathReason).toBeUndefined();
    // Inference ignores both dropouts.
    expect(relativeError(fused.apply(x) as tf.Tensor, stock.apply(x) as tf.Tensor)).toBeLessThan(TOLERANCE);
  });
});
