// Fused layers in real use (LSTM, GRU and SimpleRNN stacked): model.fit trains them with flat memory, weights move between fused and
// stock layers (both ways, by name), fused models serialize, and a layer shared by two inputs
// (whose second forward call overwrites the first one's saved activations) still gets exact gradients.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadEngine } from '../../../src/models/engine.ts';
import { FusedGRU, FusedLSTM, FusedSimpleRNN, fusedGru, fusedHeapStats, fusedLstm, fusedSimpleRnn } from '../../../src/models/fused/index.ts';

function maxRelativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  return tf.tidy(() => {
    const diff = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0];
    return diff / Math.max(tf.max(tf.abs(expected)).dataSync()[0], 1e-12);
  });
}

function stackedModel(useFused: boolean, names: [string, string, string], inputShape: [number, number]) {
  const lstm = useFused ? fusedLstm : tf.layers.lstm;
  const gru = useFused ? fusedGru : tf.layers.gru;
  const simpleRnn = useFused ? fusedSimpleRnn : tf.layers.simpleRNN;
  return tf.sequential({
    layers: [
      lstm({ name: names[0], units: 6, returnSequences: true, inputShape, recurrentActivation: 'sigmoid', dropout: 0.1 }),
      tf.layers.dropout({ rate: 0.2 }),
      gru({ name: names[1], units: 5, returnSequences: true, recurrentActivation: 'sigmoid', unitForgetBias: true } as never),
      simpleRnn({ name: names[2], units: 4, recurrentDropout: 0.1 }),
      tf.layers.dense({ name: `${names[2]}_out`, units: 1 }),
    ],
  });
}

describe('fused layers train with model.fit', () => {
  it.each(['wasm', 'cpu'] as const)('on %s: loss falls and tensors and the wasm heap stay flat over 20 epochs', async (backend) => {
    await loadEngine(backend);
    const model = stackedModel(true, ['fit_lstm', 'fit_gru', 'fit_rnn'], [8, 3]);
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    // A learnable target: the mean of the first feature over the window.
    const x = tf.randomNormal([40, 8, 3], 0, 1, 'float32', 21);
    const y = tf.mean(tf.slice(x, [0, 0, 0], [40, 8, 1]), 1);
    const tensors: number[] = [];
    const heapBytes: number[] = [];
    const liveBytes: number[] = [];
    const history = await model.fit(x, y, {
      epochs: 20,
      batchSize: 16, // 40 = 16 + 16 + 8: a smaller last batch reuses the same buffers
      shuffle: true,
      verbose: 0,
      validationSplit: 0.2,
      callbacks: {
        onEpochEnd: async () => {
          tensors.push(tf.memory().numTensors);
          const stats = fusedHeapStats();
          heapBytes.push(stats.memoryBytes);
          liveBytes.push(stats.liveBytes);
        },
      },
    });
    const loss = history.history.loss as number[];
    expect(loss[loss.length - 1]).toBeLessThan(loss[0] * 0.8);
    expect(new Set(tensors.slice(1)).size, `numTensors per epoch ${tensors}`).toBe(1);
    expect(new Set(heapBytes.slice(1)).size, `wasm memory per epoch ${heapBytes}`).toBe(1);
    expect(new Set(liveBytes.slice(1)).size, `live wasm bytes per epoch ${liveBytes}`).toBe(1);
    // Disposing the model returns the layers' buffers to the heap.
    const liveBefore = fusedHeapStats().liveBytes;
    model.dispose();
    expect(fusedHeapStats().liveBytes).toBeLessThan(liveBefore);
    tf.dispose([x, y]);
  });
});

describe('weights and serialization', () => {
  it('weights saved from a stock model load by name into a fused model, and back', async () => {
    await loadEngine('cpu');
    const names: [string, string, string] = ['rnn_a', 'rnn_b', 'rnn_c'];
    const stock = stackedModel(false, names, [5, 2]);
    const fused = stackedModel(true, names, [5, 2]);
    const x = tf.randomNormal([7, 5, 2], 0, 1, 'float32', 4);
    const saveWeights = async (model: tf.LayersModel) => {
      let saved: tf.io.ModelArtifacts | undefined;
      await model.save(tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
      return tf.io.decodeWeights(saved!.weightData as ArrayBuffer, saved!.weightSpecs!);
    };
    fused.loadWeights(await saveWeights(stock));
    expect(maxRelativeError(fused.predict(x) as tf.Tensor, stock.predict(x) as tf.Tensor)).toBeLessThan(1e-5);

    const otherStock = stackedModel(false, names, [5, 2]);
    const otherFused = stackedModel(true, names, [5, 2]);
    otherStock.loadWeights(await saveWeights(otherFused));
    expect(maxRelativeError(otherStock.predict(x) as tf.Tensor, otherFused.predict(x) as tf.Tensor)).toBeLessThan(1e-5);
  });

  it('a fused model round-trips through save/load as fused layers with the same predictions', async () => {
    await loadEngine('cpu');
    const model = stackedModel(true, ['ser_lstm', 'ser_gru', 'ser_rnn'], [4, 3]);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect(loaded.layers[0]).toBeInstanceOf(FusedLSTM);
    expect(loaded.layers[2]).toBeInstanceOf(FusedGRU);
    expect(loaded.layers[3]).toBeInstanceOf(FusedSimpleRNN);
    expect((loaded.layers[0] as FusedLSTM).returnSequences).toBe(true);
    const x = tf.randomNormal([3, 4, 3], 0, 1, 'float32', 9);
    expect(maxRelativeError(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor)).toBeLessThan(1e-6);
  });
});

describe('a layer applied twice per step', () => {
  it('recomputes its forward pass for the first call and matches the stock gradients', async () => {
    await loadEngine('cpu');
    const build = (useFused: boolean) => {
      const args = { units: 4, recurrentActivation: 'sigmoid' as const };
      const layer = useFused ? fusedLstm(args) : tf.layers.lstm(args);
      const a = tf.input({ shape: [6, 3] });
      const b = tf.input({ shape: [6, 3] });
      const sum = tf.layers.add().apply([layer.apply(a), layer.apply(b)] as tf.SymbolicTensor[]) as tf.SymbolicTensor;
      return tf.model({ inputs: [a, b], outputs: sum });
    };
    const stock = build(false);
    const fused = build(true);
    fused.setWeights(stock.getWeights());
    const xa = tf.randomNormal([5, 6, 3], 0, 1, 'float32', 1);
    const xb = tf.randomNormal([5, 6, 3], 0, 1, 'float32', 2);
    const gradsOf = (model: tf.LayersModel) => {
      const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply([xa, xb]) as tf.Tensor)) as tf.Scalar, vars);
      return vars.map((v) => grads[v.name]);
    };
    const gs = gradsOf(stock);
    const gf = gradsOf(fused);
    expect(gf).toHaveLength(3);
    const fusedLayer = fused.layers.find((layer) => layer instanceof FusedLSTM) as FusedLSTM | undefined;
    expect(fusedLayer).toBeDefined();
    expect(fusedLayer!.lastStockPathReason).toBeUndefined();
    gf.forEach((g, i) => expect(maxRelativeError(g, gs[i])).toBeLessThan(1e-4));
  });
});

describe('stock layer options on the fused path', () => {
  it.each(['lstm', 'gru', 'rnn'] as const)('%s with useBias false and L2 regularizers trains with the same loss as the stock layer', async (kind) => {
    await loadEngine('wasm');
    const build = (useFused: boolean) => {
      const args = {
        units: 5,
        useBias: false,
        recurrentActivation: 'sigmoid' as const,
        inputShape: [6, 3] as [number, number],
        kernelRegularizer: tf.regularizers.l2({ l2: 0.05 }),
        recurrentRegularizer: tf.regularizers.l2({ l2: 0.05 }),
      };
      const layers = {
        lstm: () => (useFused ? fusedLstm(args) : tf.layers.lstm(args)),
        gru: () => (useFused ? fusedGru(args) : tf.layers.gru(args)),
        rnn: () => (useFused ? fusedSimpleRnn(args) : tf.layers.simpleRNN(args)),
      };
      const rnn = layers[kind]();
      const model = tf.sequential({ layers: [rnn, tf.layers.dense({ units: 1 })] });
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
      return model;
    };
    const stock = build(false);
    const fused = build(true);
    expect(fused.layers[0].getWeights()).toHaveLength(2); // kernel and recurrent kernel, no bias
    fused.setWeights(stock.getWeights());
    const x = tf.randomNormal([12, 6, 3], 0, 1, 'float32', 31);
    const y = tf.randomNormal([12, 1], 0, 1, 'float32', 32);
    const fitLosses = async (model: tf.LayersModel) =>
      (await model.fit(x, y, { epochs: 3, batchSize: 12, shuffle: false, verbose: 0 })).history.loss as number[];
    const stockLoss = await fitLosses(stock);
    const fusedLoss = await fitLosses(fused);
    // The penalty is part of the loss: the plain MSE of the same weights is smaller.
    const mse = tf.tidy(() => tf.losses.meanSquaredError(y, fused.predict(x) as tf.Tensor).dataSync()[0]);
    expect(fusedLoss[2]).toBeGreaterThan(mse + 1e-3);
    fusedLoss.forEach((loss, epoch) => expect(Math.abs(loss - stockLoss[epoch]) / stockLoss[epoch]).toBeLessThan(1e-4));
  });
});
