/** Simple period returns r[t] = v[t] / v[t-1] - 1 (length n - 1). */
export function periodReturns(values: ArrayLike<number>): Float64Array {
  const returns = new Float64Array(Math.max(0, values.length - 1));
  for (let t = 1; t < values.length; t++) returns[t - 1] = values[t] / values[t - 1] - 1;
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

/** Sample variance (ddof 1), as pandas' default. */
export function sampleVariance(values: ArrayLike<number>): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return sum / (values.length - 1);
}
