// Returns and their moments: the one place a period return, a mean and a variance are defined.

/**
 * Simple period returns r[t] = v[t] / v[t-1] - 1 (length n - 1). A period that starts from a
 * value at or below zero (an account already wiped out) has nothing to return on: 0.
 */
export function periodReturns(values: ArrayLike<number>): Float64Array {
  const returns = new Float64Array(Math.max(0, values.length - 1));
  for (let t = 1; t < values.length; t++) returns[t - 1] = values[t - 1] > 0 ? values[t] / values[t - 1] - 1 : 0;
  return returns;
}

/**
 * Additive sums of a return series (or of any part of it): everything a mean, a sample variance
 * and a geometric mean need. Sums of parts add up to the sums of the whole, which lets the
 * bootstrap score a resample from its blocks instead of copying it (see block-bootstrap.ts).
 * Deviations are taken from a fixed `center` (the series mean) so the variance does not cancel.
 */
export interface ReturnSums {
  count: number;
  center: number;
  /** sum of (r - center) */
  sumDeviations: number;
  /** sum of (r - center)^2 */
  sumSquaredDeviations: number;
  /** sum of log(1 + r) over the returns above -1 */
  sumLog1p: number;
  /** Returns at or below -1 (the account wiped out). */
  wipeouts: number;
}

export function returnSums(values: ArrayLike<number>, center = mean(values)): ReturnSums {
  const sums: ReturnSums = { count: values.length, center: Number.isFinite(center) ? center : 0, sumDeviations: 0, sumSquaredDeviations: 0, sumLog1p: 0, wipeouts: 0 };
  for (let i = 0; i < values.length; i++) {
    const deviation = values[i] - sums.center;
    sums.sumDeviations += deviation;
    sums.sumSquaredDeviations += deviation * deviation;
    if (values[i] <= -1) sums.wipeouts++;
    else sums.sumLog1p += Math.log1p(values[i]);
  }
  return sums;
}

export function meanOf(sums: ReturnSums): number {
  return sums.count === 0 ? NaN : sums.center + sums.sumDeviations / sums.count;
}

/** Sample variance (ddof 1), as pandas' default; NaN below two values (no spread to estimate). */
export function varianceOf(sums: ReturnSums): number {
  if (sums.count < 2) return NaN;
  return Math.max(0, sums.sumSquaredDeviations - (sums.sumDeviations * sums.sumDeviations) / sums.count) / (sums.count - 1);
}

/** Geometric mean return exp(mean(log(1 + r))) - 1; 0 when any return wipes out the account (or there is none). */
export function geometricMeanOf(sums: ReturnSums): number {
  if (sums.count === 0 || sums.wipeouts > 0) return 0;
  return Math.expm1(sums.sumLog1p / sums.count);
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

export function geometricMeanReturn(returns: ArrayLike<number>): number {
  return geometricMeanOf(returnSums(returns));
}

export function sampleVariance(values: ArrayLike<number>): number {
  return varianceOf(returnSums(values));
}

/** Largest and smallest of a series without spreading it into arguments (safe for millions of values). */
export function extremes(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return { min, max };
}

/** Sample moments of a return series. Skewness and kurtosis are the population (biased) ones. */
export interface ReturnMoments {
  observations: number;
  mean: number;
  /** sqrt(sampleVariance), ddof 1. */
  standardDeviation: number;
  skewness: number;
  /** Plain (not excess) kurtosis: 3 for a normal distribution. */
  kurtosis: number;
}

export function returnMoments(returns: ArrayLike<number>): ReturnMoments {
  const n = returns.length;
  const m = mean(returns);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const deviation = returns[i] - m;
    const squared = deviation * deviation;
    m2 += squared;
    m3 += squared * deviation;
    m4 += squared * squared;
  }
  const variancePopulation = m2 / n;
  return {
    observations: n,
    mean: m,
    standardDeviation: Math.sqrt(sampleVariance(returns)),
    skewness: variancePopulation > 0 ? m3 / n / variancePopulation ** 1.5 : NaN,
    kurtosis: variancePopulation > 0 ? m4 / n / variancePopulation ** 2 : NaN,
  };
}

/** The per-period rate that compounds to `annualRate` over `periodsPerYear` periods. */
export function perPeriodRate(annualRate: number, periodsPerYear: number): number {
  return (1 + annualRate) ** (1 / periodsPerYear) - 1;
}
