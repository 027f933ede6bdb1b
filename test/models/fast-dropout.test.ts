// FastDropout: tfjs's Dropout semantics (identity outside training; in training, each element kept
// with probability 1 - rate and scaled by 1 / (1 - rate)) with a seeded mask generator.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropoutMask, FastDropout, fastDropout } from '../../src/models/fast-dropout.ts';
import { mulberry32 } from '../../src/core/seeded-random.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('dropoutMask', () => {
  it('drops about `rate` of the elements and scales the rest by 1 / (1 - rate)', () => {
    const mask = dropoutMask(100_000, 0.2, mulberry32(7));
    const scale = Math.fround(1 / 0.8);
    let dropped = 0;
    let otherValues = 0;
    for (const value of mask) {
      if (value === 0) dropped++;
      else if (value !== scale) otherValues++;
    }
    expect(otherValues).toBe(0);
    // Binomial(100000, 0.2): standard deviation 126, so 1000 is about 8 of them.
    expect(Math.abs(dropped - 20_000)).toBeLessThan(1000);
  });

  it('repeats for the same seed and differs for another', () => {
    const a = dropoutMask(1000, 0.5, mulberry32(1));
    expect(dropoutMask(1000, 0.5, mulberry32(1))).toEqual(a);
    expect(dropoutMask(1000, 0.5, mulberry32(2))).not.toEqual(a);
  });
});

describe('FastDropout', () => {
  const x = tf.tensor3d(Array.from({ length: 2 * 3 * 4 }, (_, i) => i + 1), [2, 3, 4]);

  it('is the identity outside training', () => {
    const layer = fastDropout({ rate: 0.5 });
    expect((layer.apply(x, { training: false }) as tf.Tensor).arraySync()).toEqual(x.arraySync());
    expect((layer.apply(x) as tf.Tensor).arraySync()).toEqual(x.arraySync());
  });

  it('in training multiplies by a mask, and passes the gradient through the same mask', () => {
    const layer = fastDropout({ rate: 0.5 });
    const originalRandom = Math.random;
    let out: Float32Array;
    let grad: Float32Array;
    try {
      Math.random = mulberry32(3);
      out = (layer.apply(x, { training: true }) as tf.Tensor).dataSync() as Float32Array;
      Math.random = mulberry32(3);
      grad = tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input, { training: true }) as tf.Tensor))(x).dataSync() as Float32Array;
    } finally {
      Math.random = originalRandom;
    }
    const mask = dropoutMask(x.size, 0.5, mulberry32(3));
    const input = x.dataSync();
    expect(mask.some((m) => m === 0) && mask.some((m) => m !== 0)).toBe(true);
    for (let i = 0; i < x.size; i++) {
      expect(out[i]).toBeCloseTo(input[i] * mask[i], 5);
      expect(grad[i]).toBeCloseTo(mask[i], 6);
    }
  });

  it('leaves no tensors behind in training', () => {
    const layer = fastDropout({ rate: 0.25 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) (layer.apply(x, { training: true }) as tf.Tensor).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('serializes under its own class name with the stock config, and loads back', () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 3, inputShape: [4] }));
    model.add(fastDropout({ rate: 0.3 }));
    const json = model.toJSON(null, false) as unknown as { config: { layers: Array<{ class_name: string; config: { rate: number } }> } };
    const saved = json.config.layers[1];
    expect(saved.class_name).toBe('FastDropout');
    expect(saved.config.rate).toBe(0.3);
    return tf.models.modelFromJSON(json as never).then((loaded) => {
      expect(loaded.layers[1]).toBeInstanceOf(FastDropout);
      model.dispose();
      loaded.dispose();
    });
  });
});
