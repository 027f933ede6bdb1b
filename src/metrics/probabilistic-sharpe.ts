import { normalCdf } from './distributions.ts';

/** Sample moments of a return series. Skewness and kurtosis are the population (biased) ones. */
export interface ReturnMoments {
  observations: number;
  mean: number;
  /** Sample standard deviation (ddof 1). */
  standardDeviation: number;
  skewness: number;
  /** Plain (not excess) kurtosis: 3 for a normal distribution. */
  kurtosis: number;
}

export function returnMoments(returns: ArrayLike<number>): ReturnMoments {
  const n = returns.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += returns[i];
  const mean = n > 0 ? sum / n : NaN;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const deviation = returns[i] - mean;
    const squared = deviation * deviation;
    m2 += squared;
    m3 += squared * deviation;
    m4 += squared * squared;
  }
  const variancePopulation = m2 / n;
  return {
    observations: n,
    mean,
    standardDeviation: n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN,
    skewness: variancePopulation > 0 ? m3 / n / variancePopulation ** 1.5 : NaN,
    kurtosis: variancePopulation > 0 ? m4 / n / variancePopulation ** 2 : NaN,
  };
}

/** Per-period Sharpe ratio of returns in excess of `riskFreePerPeriod` (not annualized). */
export function sharpeRatio(returns: ArrayLike<number>, riskFreePerPeriod = 0): number {
  const moments = returnMoments(returns);
  if (!(moments.standardDeviation > 0)) return NaN;
  return (moments.mean - riskFreePerPeriod) / moments.standardDeviation;
}

/**
 * Standard deviation of the estimated per-period Sharpe ratio under non-normal returns
 * (Mertens 2002; Bailey & Lopez de Prado 2012, eq. 3 denominator):
 * sqrt((1 - skew * SR + (kurtosis - 1) / 4 * SR^2) / (n - 1)).
 */
export function sharpeRatioStandardError(sharpe: number, observations: number, skewness: number, kurtosis: number): number {
  const variance = (1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe) / (observations - 1);
  return variance > 0 ? Math.sqrt(variance) : NaN;
}

export interface ProbabilisticSharpeInput {
  /** Observed per-period Sharpe ratio. */
  sharpe: number;
  /** The per-period Sharpe ratio to beat (0 asks "is there any edge?"). */
  benchmarkSharpe: number;
  observations: number;
  skewness: number;
  /** Plain (not excess) kurtosis. */
  kurtosis: number;
}

/**
 * Probabilistic Sharpe ratio (Bailey & Lopez de Prado 2012, "The Sharpe Ratio Efficient
 * Frontier", eq. 3): the probability that the true Sharpe ratio exceeds `benchmarkSharpe`, given
 * the sample length, skewness and kurtosis of the returns.
 */
export function probabilisticSharpeRatio(input: ProbabilisticSharpeInput): number {
  const { sharpe, benchmarkSharpe, observations, skewness, kurtosis } = input;
  if (!(observations > 1) || !Number.isFinite(sharpe)) return NaN;
  const standardError = sharpeRatioStandardError(sharpe, observations, skewness, kurtosis);
  if (!(standardError > 0)) return NaN;
  return normalCdf((sharpe - benchmarkSharpe) / standardError);
}
