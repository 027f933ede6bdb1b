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

/** Geometric mean return exp(mean(log(1 + r))) - 1; 0 when any return wipes out the account. */
export function geometricMeanReturn(returns: ArrayLike<number>): number {
  if (returns.length === 0) return 0;
  let logSum = 0;
  for (let i = 0; i < returns.length; i++) {
    if (returns[i] <= -1) return 0;
    logSum += Math.log1p(returns[i]);
  }
  return Math.expm1(logSum / returns.length);
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Sample variance (ddof 1), as pandas' default; NaN below two values (no spread to estimate). */
export function sampleVariance(values: ArrayLike<number>): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return sum / (values.length - 1);
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
