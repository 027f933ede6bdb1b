/** mulberry32: a small, fast, well-mixed 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fold's seed: a hash of the run seed and the fold index only (splitmix32-style mixing). */
export function deriveFoldSeed(runSeed: number, foldIndex: number): number {
  let h = (Math.imul(runSeed >>> 0, 0x9e3779b1) ^ Math.imul(foldIndex + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

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
