import { mulberry32 } from '../core/seeded-random.ts';

/**
 * Fills `out` with one stationary-bootstrap resample of the indices 0..n-1 (Politis & Romano
 * 1994): blocks start at a uniform random index, run on circularly, and end after each step with
 * probability 1 / meanBlockLength, so block lengths are geometric with that mean. Resampling
 * whole blocks keeps the short-range dependence (volatility clustering) that an iid bootstrap
 * would destroy.
 */
export function stationaryBootstrapIndices(n: number, meanBlockLength: number, random: () => number, out: Int32Array): void {
  const restartProbability = 1 / Math.max(1, meanBlockLength);
  let index = Math.floor(random() * n);
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      index = random() < restartProbability ? Math.floor(random() * n) : index + 1;
      if (index >= n) index = 0;
    }
    out[i] = index;
  }
}

/** Default mean block length n^(1/3), the rate-optimal order for variance-type statistics. */
export function defaultMeanBlockLength(n: number): number {
  return Math.max(1, Math.round(Math.cbrt(n)));
}

export interface StationaryBootstrapOptions {
  resamples: number;
  meanBlockLength: number;
  seed: number;
}

/** `resamples` replicates of `statistic` over stationary-bootstrap resamples of `values`. */
export function stationaryBootstrap(
  values: ArrayLike<number>,
  statistic: (sample: Float64Array) => number,
  options: StationaryBootstrapOptions,
): Float64Array {
  const n = values.length;
  const random = mulberry32(options.seed);
  const indices = new Int32Array(n);
  const sample = new Float64Array(n);
  const replicates = new Float64Array(options.resamples);
  for (let b = 0; b < options.resamples; b++) {
    stationaryBootstrapIndices(n, options.meanBlockLength, random, indices);
    for (let i = 0; i < n; i++) sample[i] = values[indices[i]];
    replicates[b] = statistic(sample);
  }
  return replicates;
}

/** Quantile q of sorted finite values, linear interpolation between order statistics (type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = (n - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Percentile interval of the finite replicates at confidence `level` (0.95 -> 2.5%..97.5%). */
export function percentileInterval(replicates: ArrayLike<number>, level: number): { lower: number; upper: number } {
  const finite = Float64Array.from(Array.from(replicates).filter(Number.isFinite)).sort();
  const tail = (1 - level) / 2;
  return { lower: quantileSorted(finite, tail), upper: quantileSorted(finite, 1 - tail) };
}

/** Annualized Sharpe ratio sqrt(periodsPerYear) * mean / sd (ddof 1) of per-period excess returns. */
export function annualizedSharpe(excessReturns: ArrayLike<number>, periodsPerYear: number): number {
  const n = excessReturns.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += excessReturns[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (excessReturns[i] - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  return sd > 0 ? (Math.sqrt(periodsPerYear) * mean) / sd : NaN;
}

export interface SharpeInterval {
  /** The statistic (a Sharpe ratio) of the data itself. */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  resamples: number;
  meanBlockLength: number;
  seed: number;
}

export interface IntervalOptions {
  seed: number;
  /** Confidence level, default 0.95. */
  level?: number;
  /** Bootstrap resamples, default 2000. */
  resamples?: number;
  /** Mean block length, default n^(1/3). */
  meanBlockLength?: number;
}

/**
 * Stationary block-bootstrap percentile interval of any statistic of a return series.
 * Deterministic: the same returns, statistic, options and seed give the same interval.
 */
export function bootstrapInterval(values: ArrayLike<number>, statistic: (sample: ArrayLike<number>) => number, options: IntervalOptions): SharpeInterval {
  const level = options.level ?? 0.95;
  const resamples = options.resamples ?? 2000;
  const meanBlockLength = options.meanBlockLength ?? defaultMeanBlockLength(values.length);
  const estimate = statistic(values);
  if (values.length < 3 || !Number.isFinite(estimate)) {
    return { estimate, lower: NaN, upper: NaN, level, resamples, meanBlockLength, seed: options.seed };
  }
  const replicates = stationaryBootstrap(values, statistic, { resamples, meanBlockLength, seed: options.seed });
  return { estimate, ...percentileInterval(replicates, level), level, resamples, meanBlockLength, seed: options.seed };
}

/** Stationary block-bootstrap interval of the annualized Sharpe ratio sqrt(P) * mean / sd. */
export function bootstrapSharpeInterval(excessReturns: ArrayLike<number>, options: IntervalOptions & { periodsPerYear: number }): SharpeInterval {
  return bootstrapInterval(excessReturns, (sample) => annualizedSharpe(sample, options.periodsPerYear), options);
}
