// With the fused kernels on wasm, tf.clone (tfjs's Identity kernel, which the gradient tape runs on
// every tensor it saves) shares the tensor's bytes instead of copying them: same values, either
// tensor disposable first, no bytes left behind, and training unchanged (the other fused tests
// train with it on).
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadEngine } from '../../../src/models/engine.ts';
import { useFusedKernels } from '../../../src/models/fused/index.ts';

afterAll(() => useFusedKernels('wasm', false));

describe('shared Identity on wasm', () => {
  it('clones share bytes, survive their source and leave nothing behind', async () => {
    await loadEngine('wasm');
    useFusedKernels('wasm', true);
    const before = tf.memory();
    const x = tf.randomNormal([64, 33], 0, 1, 'float32', 1);
    const expected = Array.from(x.dataSync());
    const clone = tf.clone(x);
    // One more tensor, no more data buffers: the clone shares x's data (tfjs's numBytes counts
    // per tensor, shared or not, as for a reshape).
    expect(tf.memory().numTensors).toBe(before.numTensors + 2);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers + 1);
    x.dispose();
    expect(Array.from(clone.dataSync())).toEqual(expected);
    const again = tf.clone(clone);
    again.dispose();
    expect(Array.from(clone.dataSync())).toEqual(expected);
    clone.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });

  it('strings keep the stock kernel', async () => {
    await loadEngine('wasm');
    useFusedKernels('wasm', true);
    const s = tf.tensor(['a', 'bc']);
    const clone = tf.clone(s);
    expect(clone.dataSync()).toEqual(s.dataSync());
    tf.dispose([s, clone]);
  });
});
