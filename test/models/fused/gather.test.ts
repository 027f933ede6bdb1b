// With the fused kernels on wasm, tf.gather (GatherV2, which model.fit runs on every batch) copies
// rows itself: the same values as the stock kernel along every axis, int32 data included, and a
// bad index still reported by the stock kernel.
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadEngine } from '../../../src/models/engine.ts';
import { useFusedKernels } from '../../../src/models/fused/index.ts';

afterAll(() => useFusedKernels('wasm', false));

/** tf.gather's values and shape with the stock or the replacement kernel installed. */
function gatherWith(fused: boolean, x: tf.Tensor, indices: number[], axis: number): { shape: number[]; values: number[] } {
  useFusedKernels('wasm', fused);
  return tf.tidy(() => {
    const out = tf.gather(x, tf.tensor1d(indices, 'int32'), axis);
    return { shape: out.shape, values: Array.from(out.dataSync()) };
  });
}

describe('row-copy GatherV2 on wasm', () => {
  it('gives the stock kernel values along every axis, repeated and reordered indices included', async () => {
    await loadEngine('wasm');
    const x = tf.randomNormal([5, 4, 3], 0, 1, 'float32', 3);
    const ints = tf.tensor3d(Array.from({ length: 60 }, (_, i) => i * 7 - 30), [5, 4, 3], 'int32');
    const cases: Array<[tf.Tensor, number[], number]> = [[x, [4, 0, 0, 2], 0], [x, [3, 1], 1], [x, [2, 2, 0, 1], 2], [x, [1, 0], -1], [ints, [2, 4, 1], 0], [x, [], 1]];
    for (const [input, indices, axis] of cases) {
      const stock = gatherWith(false, input, indices, axis);
      const fused = gatherWith(true, input, indices, axis);
      expect(fused).toEqual(stock);
    }
    // Not vacuous: the replacement is what ran (installed over the stock kernel) and moved values.
    useFusedKernels('wasm', false);
    const stockKernel = tf.getKernel('GatherV2', 'wasm').kernelFunc;
    useFusedKernels('wasm', true);
    expect(tf.getKernel('GatherV2', 'wasm').kernelFunc).not.toBe(stockKernel);
    expect(gatherWith(true, x, [4, 0], 0).values.slice(0, 12)).toEqual(Array.from(x.dataSync()).slice(48, 60));
    tf.dispose([x, ints]);
  });

  it('an index out of range is the stock kernel\'s error', async () => {
    await loadEngine('wasm');
    const x = tf.ones([3, 2]);
    useFusedKernels('wasm', true);
    expect(() => tf.gather(x, tf.tensor1d([3], 'int32'), 0)).toThrow();
    x.dispose();
  });
});
