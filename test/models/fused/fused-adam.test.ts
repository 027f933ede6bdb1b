// FusedAdam must update weights as tf.train.adam does (same gradients in, the same weights out bit
// for bit, step after step), train a model to
// the same losses with flat tensors and wasm heap, move its moments through getWeights/setWeights
// and give its heap back on dispose.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadEngine } from '../../../src/models/engine.ts';
import { fusedAdam, fusedHeapStats } from '../../../src/models/fused/index.ts';
import { relativeError } from './compare-helpers.ts';

const TOLERANCE = 1e-6;

const SHAPES = [[7, 5], [13], [3, 4, 2]];

/** Seeded variables of SHAPES named `${prefix}_${i}`. */
function variables(prefix: string): tf.Variable[] {
  return SHAPES.map((shape, i) => tf.variable(tf.randomNormal(shape, 0, 1, 'float32', 10 + i), true, `${prefix}_${i}`));
}

/** Step `step`'s gradient of each variable. */
function gradients(step: number): tf.Tensor[] {
  return SHAPES.map((shape, i) => tf.randomNormal(shape, 0, 1 + step, 'float32', 100 * step + i));
}

/** The gradients as applyGradients takes them, named after `vars`. */
function named(vars: tf.Variable[], grads: tf.Tensor[]) {
  return vars.map((v, i) => ({ name: v.name, tensor: grads[i] }));
}

describe.each(['wasm', 'cpu'] as const)('FusedAdam on %s', (backend) => {
  it('gives the weights tf.train.adam gives, step after step', async () => {
    await loadEngine(backend);
    const stockVars = variables(`stock_${backend}`);
    const fusedVars = variables(`fused_${backend}`);
    const stock = tf.train.adam(0.01);
    const fused = fusedAdam(0.01);
    for (let step = 0; step < 12; step++) {
      const grads = gradients(step);
      stock.applyGradients(named(stockVars, grads));
      fused.applyGradients(named(fusedVars, grads));
      tf.dispose(grads);
    }
    // Bit for bit: the model builder swaps FusedAdam in for stock Adam, and a fold's forecasts must not move.
    stockVars.forEach((v, i) => expect(Array.from(fusedVars[i].dataSync()), v.name).toEqual(Array.from(v.dataSync())));
    expect(fused.iterations).toBe(stock.iterations);
    const before = fusedHeapStats().liveBytes;
    fused.dispose();
    stock.dispose();
    expect(fusedHeapStats().liveBytes).toBeLessThan(before);
    tf.dispose([...stockVars, ...fusedVars]);
  });

  it('trains a model to the stock losses with flat tensors and wasm heap', async () => {
    await loadEngine(backend);
    const x = tf.randomNormal([48, 10], 0, 1, 'float32', 1);
    const y = tf.randomNormal([48, 1], 0, 1, 'float32', 2);
    const fit = async (optimizer: tf.Optimizer) => {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 12, activation: 'tanh', inputShape: [10], kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) }),
          tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }) }),
        ],
      });
      model.compile({ optimizer, loss: 'meanSquaredError' });
      const tensors: number[] = [];
      const heap: number[] = [];
      const history = await model.fit(x, y, {
        epochs: 20,
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
      optimizer.dispose();
      model.dispose();
      return { loss: history.history.loss as number[], tensors, heap };
    };
    const stock = await fit(tf.train.adam(0.01));
    const fused = await fit(fusedAdam(0.01));
    fused.loss.forEach((loss, epoch) => expect(Math.abs(loss - stock.loss[epoch]) / stock.loss[epoch]).toBeLessThan(1e-5));
    expect(new Set(fused.tensors.slice(1)).size, `numTensors per epoch ${fused.tensors}`).toBe(1);
    expect(new Set(fused.heap.slice(1)).size, `wasm memory per epoch ${fused.heap}`).toBe(1);
    tf.dispose([x, y]);
  });
});

describe('FusedAdam state', () => {
  it('moves its moments and iteration count through getWeights / setWeights', async () => {
    await loadEngine('cpu');
    const w = tf.variable(tf.randomNormal([6], 0, 1, 'float32', 5), true, 'state_w');
    const first = fusedAdam(0.05);
    for (let step = 0; step < 3; step++) first.applyGradients([{ name: 'state_w', tensor: tf.randomNormal([6], 0, 1, 'float32', step) }]);
    const saved = await first.getWeights();
    expect(saved.map((s) => s.name)).toEqual(['iter', 'state_w/m', 'state_w/v']);
    // A second optimizer given those moments (under the copy's name) makes the same next step.
    const copy = tf.variable(w.clone(), true, 'state_w_copy');
    const second = fusedAdam(0.05);
    await second.setWeights(saved.map((s) => ({ name: s.name.replace('state_w', 'state_w_copy'), tensor: s.tensor })));
    expect(second.iterations).toBe(3);
    const g = tf.randomNormal([6], 0, 1, 'float32', 9);
    first.applyGradients([{ name: 'state_w', tensor: g }]);
    second.applyGradients([{ name: 'state_w_copy', tensor: g }]);
    // setWeights recomputes beta^t from the count (as stock Adam does), not by repeated products.
    expect(relativeError(copy, w)).toBeLessThan(TOLERANCE);
    tf.dispose([w, copy, g, ...saved.map((s) => s.tensor)]);
    first.dispose();
    second.dispose();
  });
});
