/** The benchmark's model shapes and its seeded data, shared by the tfjs runner (and mirrored in torch_networks.py). */

export interface BenchShape {
  /** `units x lookback x features`, e.g. `50x60x8`. */
  name: string;
  units: number;
  lookback: number;
  features: number;
}

/** The seeds' model first, then the small and the large shape from issue 4. */
export const BENCH_SHAPES: readonly BenchShape[] = [
  { name: '50x60x8', units: 50, lookback: 60, features: 8 },
  { name: '32x30x5', units: 32, lookback: 30, features: 5 },
  { name: '128x60x16', units: 128, lookback: 60, features: 16 },
];

export const BATCH_SIZE = 32;
export const DATA_SEED = 20240601;

export function parseShape(name: string): BenchShape {
  const known = BENCH_SHAPES.find((shape) => shape.name === name);
  if (known) return known;
  const match = /^(\d+)x(\d+)x(\d+)$/.exec(name);
  if (!match) throw new Error(`--shape "${name}": expected UNITSxLOOKBACKxFEATURES, e.g. 50x60x8`);
  return { name, units: Number(match[1]), lookback: Number(match[2]), features: Number(match[3]) };
}

/**
 * murmur3's 32-bit finaliser over (seed, index): a counter-based generator, so numpy can compute
 * the very same stream vectorised in torch_networks.py and both frameworks train on identical data.
 */
function hashUniform(seed: number, index: number): number {
  let x = (Math.imul(index, 0x9e3779b1) + seed) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b) >>> 0;
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35) >>> 0;
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
}

/** Inputs uniform in [-1, 1); target = 0.5 * mean of the last step's features + small noise. */
export function benchData(shape: BenchShape, samples: number, seed = DATA_SEED): { x: Float32Array; y: Float32Array } {
  const perSample = shape.lookback * shape.features;
  const x = new Float32Array(samples * perSample);
  for (let i = 0; i < x.length; i++) x[i] = hashUniform(seed, i) * 2 - 1;
  const y = new Float32Array(samples);
  const noiseOffset = x.length;
  for (let s = 0; s < samples; s++) {
    let sum = 0;
    const last = s * perSample + (shape.lookback - 1) * shape.features;
    for (let f = 0; f < shape.features; f++) sum += x[last + f];
    y[s] = (0.5 * sum) / shape.features + 0.1 * (hashUniform(seed, noiseOffset + s) * 2 - 1);
  }
  return { x, y };
}
