import { normalInverseCdf } from './distributions.ts';
import { probabilisticSharpeRatio } from './probabilistic-sharpe.ts';

export const EULER_MASCHERONI = 0.5772156649015329;

/**
 * Expected maximum of `trials` independent Sharpe ratio estimates whose true value is zero and
 * whose variance across trials is `sharpeVariance` (Bailey & Lopez de Prado 2014, eq. 2; the
 * false strategy theorem): sqrt(V) ((1 - gamma) Phi^-1(1 - 1/N) + gamma Phi^-1(1 - 1/(N e))).
 * One trial (or no spread) has nothing to select from: 0.
 */
export function expectedMaximumSharpe(trials: number, sharpeVariance: number): number {
  if (!(trials > 1) || !(sharpeVariance > 0)) return 0;
  return (
    Math.sqrt(sharpeVariance) *
    ((1 - EULER_MASCHERONI) * normalInverseCdf(1 - 1 / trials) + EULER_MASCHERONI * normalInverseCdf(1 - 1 / (trials * Math.E)))
  );
}

export interface DeflatedSharpeInput {
  /** Observed per-period Sharpe ratio of the selected strategy. */
  sharpe: number;
  observations: number;
  skewness: number;
  /** Plain (not excess) kurtosis. */
  kurtosis: number;
  /** How many strategies (configurations) were tried before picking this one. */
  trials: number;
  /** Variance of the per-period Sharpe ratios across those trials. */
  sharpeVarianceAcrossTrials: number;
}

export interface DeflatedSharpeResult {
  /** Probability that the true Sharpe ratio exceeds what luck alone gives the best of N trials. */
  deflatedSharpe: number;
  /** The per-period Sharpe ratio the best of N zero-edge trials reaches on average. */
  expectedMaximumSharpe: number;
}

/**
 * Deflated Sharpe ratio (Bailey & Lopez de Prado 2014, "The Deflated Sharpe Ratio: Correcting
 * for Selection Bias, Backtest Overfitting and Non-Normality", eq. 1): the probabilistic Sharpe
 * ratio measured against the expected maximum Sharpe ratio of N unskilled trials.
 */
export function deflatedSharpeRatio(input: DeflatedSharpeInput): DeflatedSharpeResult {
  const benchmarkSharpe = expectedMaximumSharpe(input.trials, input.sharpeVarianceAcrossTrials);
  return {
    deflatedSharpe: probabilisticSharpeRatio({
      sharpe: input.sharpe,
      benchmarkSharpe,
      observations: input.observations,
      skewness: input.skewness,
      kurtosis: input.kurtosis,
    }),
    expectedMaximumSharpe: benchmarkSharpe,
  };
}
