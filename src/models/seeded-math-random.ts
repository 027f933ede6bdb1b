import { mulberry32 } from '../core/seeded-random.ts';

/**
 * Run `work` with Math.random replaced by a seeded generator. TensorFlow.js draws every unseeded
 * random number (weight initializers, dropout masks, model.fit's shuffling) from Math.random, and
 * a seeded Dropout layer would reuse one mask for every batch; swapping the source makes training
 * repeatable without changing how tfjs trains. Folds train one at a time per thread, so the swap
 * cannot interleave with another fold's draws.
 */
export async function withSeededMathRandom<T>(seed: number, work: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = mulberry32(seed);
  try {
    return await work();
  } finally {
    Math.random = original;
  }
}
