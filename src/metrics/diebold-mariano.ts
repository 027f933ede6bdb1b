import { studentTCdf } from './distributions.ts';

export interface DieboldMarianoResult {
  observations: number;
  horizon: number;
  /** Mean of d_t = errorA_t^2 - errorB_t^2 (negative: A has the smaller squared errors). */
  meanLossDifferential: number;
  /** The original Diebold-Mariano (1995) statistic, asymptotically N(0, 1). */
  statistic: number;
  /** Harvey, Leybourne & Newbold (1997) small-sample corrected statistic, compared with t(n - 1). */
  correctedStatistic: number;
  /** H0 equal accuracy vs H1 different accuracy. */
  pValueTwoSided: number;
  /** H0 equal accuracy vs H1 forecast A is more accurate (smaller squared errors). */
  pValueAMoreAccurate: number;
}

/**
 * Diebold-Mariano test of equal predictive accuracy under squared-error loss, with the
 * Harvey-Leybourne-Newbold correction: DM* = DM * sqrt((n + 1 - 2h + h(h - 1)/n) / n), p-values
 * from Student's t with n - 1 degrees of freedom. The long-run variance of d uses the
 * autocovariances up to lag h - 1 (h-step forecasts overlap); if that estimate is not positive it
 * falls back to the lag-0 variance, as Diebold & Mariano suggest. Pairs with a non-finite error
 * are skipped.
 */
export function dieboldMariano(errorsA: ArrayLike<number>, errorsB: ArrayLike<number>, horizon = 1): DieboldMarianoResult {
  if (errorsA.length !== errorsB.length) throw new Error('dieboldMariano: error series differ in length');
  const differentials: number[] = [];
  for (let t = 0; t < errorsA.length; t++) {
    const a = errorsA[t];
    const b = errorsB[t];
    if (Number.isFinite(a) && Number.isFinite(b)) differentials.push(a * a - b * b);
  }
  const n = differentials.length;
  const h = Math.max(1, Math.floor(horizon));
  const empty: DieboldMarianoResult = {
    observations: n,
    horizon: h,
    meanLossDifferential: NaN,
    statistic: NaN,
    correctedStatistic: NaN,
    pValueTwoSided: NaN,
    pValueAMoreAccurate: NaN,
  };
  if (n < 3) return empty;
  const mean = differentials.reduce((sum, d) => sum + d, 0) / n;
  const autocovariance = (lag: number): number => {
    let sum = 0;
    for (let t = lag; t < n; t++) sum += (differentials[t] - mean) * (differentials[t - lag] - mean);
    return sum / n;
  };
  const gamma0 = autocovariance(0);
  let longRunVariance = gamma0;
  for (let lag = 1; lag < h; lag++) longRunVariance += 2 * autocovariance(lag);
  // Relative floor: a long-run variance that cancels to rounding noise is not positive either.
  if (!(longRunVariance > gamma0 * 1e-10)) longRunVariance = gamma0;
  if (!(longRunVariance > 0)) {
    // Identical losses every period: no evidence either way.
    return { ...empty, meanLossDifferential: mean, statistic: 0, correctedStatistic: 0, pValueTwoSided: 1, pValueAMoreAccurate: 0.5 };
  }
  const statistic = mean / Math.sqrt(longRunVariance / n);
  const correctedStatistic = statistic * Math.sqrt((n + 1 - 2 * h + (h * (h - 1)) / n) / n);
  const degreesOfFreedom = n - 1;
  return {
    observations: n,
    horizon: h,
    meanLossDifferential: mean,
    statistic,
    correctedStatistic,
    pValueTwoSided: Math.min(1, 2 * studentTCdf(-Math.abs(correctedStatistic), degreesOfFreedom)),
    pValueAMoreAccurate: studentTCdf(correctedStatistic, degreesOfFreedom),
  };
}
