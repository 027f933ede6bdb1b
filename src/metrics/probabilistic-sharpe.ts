import { normalCdf } from './distributions.ts';

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
