import type { EquityPoint } from '../backtest/types.ts';
import type { RunResults, StrategyResult } from '../run/results.ts';
import { bootstrapInterval, bootstrapSharpeInterval, type SharpeInterval } from './block-bootstrap.ts';
import { deflatedSharpeRatio } from './deflated-sharpe.ts';
import { dieboldMariano, type DieboldMarianoResult } from './diebold-mariano.ts';
import { probabilisticSharpeRatio } from './probabilistic-sharpe.ts';
import { perPeriodRate, periodReturns, returnMoments, sampleVariance } from './returns.ts';
import { annualizedGeometricSharpeOf, perPeriodSharpe } from './risk-ratios.ts';

/** Confidence a statistic must reach before the report calls an edge significant. */
export const SIGNIFICANCE_CONFIDENCE = 0.95;

/** A Sharpe ratio and how far chance explains it (probabilistic and deflated Sharpe ratios). */
export interface SharpeSignificance {
  /** Per-period (daily) returns the statistics use: close-to-close changes of equity. */
  observations: number;
  /** Per-period Sharpe ratio of excess returns (mean / sd, ddof 1), not annualized. */
  sharpePerPeriod: number;
  /** sqrt(periodsPerYear) x sharpePerPeriod (differs slightly from metrics.sharpe, which is geometric). */
  sharpeAnnualized: number;
  skewness: number;
  /** Plain kurtosis (3 for normal returns). */
  kurtosis: number;
  /** P(true Sharpe > 0), Bailey & Lopez de Prado 2012. */
  probabilisticSharpe: number;
  /** P(true Sharpe > best-of-N luck), Bailey & Lopez de Prado 2014. */
  deflatedSharpe: number;
  /** Number of strategies tried (N in the deflated Sharpe ratio). */
  trials: number;
  /** Variance of the per-period Sharpe ratios across the trials. */
  sharpeVarianceAcrossTrials: number;
  /** Annualized Sharpe the best of N zero-edge strategies reaches on average. */
  expectedMaximumSharpeAnnualized: number;
}

/** What `computeStatistics` stores in `StrategyResult.statistics`. */
export interface StrategyStatistics extends SharpeSignificance {
  /**
   * Stationary block-bootstrap interval of the Sharpe ratio the metrics table shows
   * (metrics.sharpe, backtesting.py's formula), so the interval and the figure agree.
   */
  sharpeInterval: SharpeInterval;
  /** Forecasting strategies: Diebold-Mariano (HLN-corrected) test of the model's squared errors vs the naive zero-return forecast. */
  forecastVsNaive?: DieboldMarianoResult & { mseModel: number; mseNaive: number };
  /**
   * Non-benchmark strategies: does it beat the benchmark? Daily active returns (strategy minus
   * benchmark, on common dates): annualized information ratio, P(true IR > 0) by the
   * probabilistic Sharpe formula, and its stationary-bootstrap 95% interval.
   */
  versusBenchmark?: {
    benchmark: string;
    observations: number;
    informationRatioAnnualized: number;
    probabilityBetter: number;
    interval: SharpeInterval;
    significant: boolean;
  };
  /** True when the deflated Sharpe >= 0.95 and the bootstrap interval lies above zero. */
  edgeSignificant: boolean;
  /** Forecasting strategies: true when DM says the model beats naive at the 5% level. */
  forecastSignificant?: boolean;
  /** The verdict in plain words, for the report. */
  verdict: string;
};

/** Close-to-close simple returns of an equity curve (the first point has none). */
export function equityReturns(equity: readonly EquityPoint[]): Float64Array {
  return periodReturns(equity.map((point) => point.equity));
}

function format(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function formatPValue(p: number): string {
  return Number.isFinite(p) && p < 0.001 ? '< 0.001' : `= ${format(p, 3)}`;
}

/** Diebold-Mariano of the model's forecasts vs the naive forecaster (predicts a zero return). */
function forecastVsNaive(model: NonNullable<StrategyResult['model']>, window: StrategyResult['window']): StrategyStatistics['forecastVsNaive'] {
  // Only the forecasts made inside the strategy's evaluation window count, like its trading.
  const from = window.startBar;
  const to = Math.min(window.endBar + 1, model.forecasts.length, model.realized.length);
  const n = Math.max(0, to - from);
  const modelErrors = new Float64Array(n);
  const naiveErrors = new Float64Array(n);
  let sumModel = 0;
  let sumNaive = 0;
  let count = 0;
  for (let t = 0; t < n; t++) {
    const f = model.forecasts[from + t];
    const y = model.realized[from + t];
    // results.json stores NaN as null; both mean "no forecast here".
    if (typeof f !== 'number' || typeof y !== 'number' || !Number.isFinite(f) || !Number.isFinite(y)) {
      modelErrors[t] = NaN;
      naiveErrors[t] = NaN;
      continue;
    }
    modelErrors[t] = y - f;
    naiveErrors[t] = y;
    sumModel += (y - f) ** 2;
    sumNaive += y * y;
    count++;
  }
  // The naive forecaster itself (all zeros) has nothing to be tested against.
  if (count < 3 || sumModel === sumNaive) return undefined;
  return { ...dieboldMariano(modelErrors, naiveErrors, model.horizon), mseModel: sumModel / count, mseNaive: sumNaive / count };
}

/**
 * Differences of two equity curves' period returns on the dates both have a return for (each
 * return runs from the curve's previous point to this date). Both curves are sorted by date, so
 * one merge pass pairs them up.
 */
function activeReturns(own: readonly EquityPoint[], theirs: readonly EquityPoint[]): Float64Array {
  const ownReturns = equityReturns(own);
  const theirReturns = equityReturns(theirs);
  const active: number[] = [];
  let j = 1;
  for (let i = 1; i < own.length; i++) {
    const date = own[i].date;
    while (j < theirs.length && theirs[j].date < date) j++;
    if (j < theirs.length && theirs[j].date === date) active.push(ownReturns[i - 1] - theirReturns[j - 1]);
  }
  return Float64Array.from(active);
}

function versusBenchmark(
  strategy: StrategyResult,
  benchmark: StrategyResult,
  periodsPerYear: number,
  seed: number,
): StrategyStatistics['versusBenchmark'] {
  const active = activeReturns(strategy.equity, benchmark.equity);
  // Too little overlap (runs on other dates) says nothing.
  if (active.length < 30) return undefined;
  const moments = returnMoments(active);
  const ratio = perPeriodSharpe(active);
  if (!Number.isFinite(ratio)) return undefined;
  const probabilityBetter = probabilisticSharpeRatio({ sharpe: ratio, benchmarkSharpe: 0, observations: active.length, skewness: moments.skewness, kurtosis: moments.kurtosis });
  const interval = bootstrapSharpeInterval(active, { periodsPerYear, seed });
  return {
    benchmark: benchmark.name,
    observations: active.length,
    informationRatioAnnualized: ratio * Math.sqrt(periodsPerYear),
    probabilityBetter,
    interval,
    significant: probabilityBetter >= SIGNIFICANCE_CONFIDENCE && interval.lower > 0,
  };
}

function verdictFor(stats: Omit<StrategyStatistics, 'verdict'>): string {
  const interval = stats.sharpeInterval;
  const ci = `${format(interval.lower)} to ${format(interval.upper)}`;
  const trialsText = stats.trials === 1 ? '1 strategy tried' : `${stats.trials} strategies tried`;
  let text: string;
  if (!Number.isFinite(stats.sharpePerPeriod)) {
    text = 'No verdict: the equity never moved, so there is no Sharpe ratio to test.';
  } else if (stats.edgeSignificant) {
    text =
      `Significant: the 95% interval of the Sharpe ratio (${ci}) lies above zero and the deflated Sharpe ratio ` +
      `is ${format(stats.deflatedSharpe)} after ${trialsText}.`;
  } else if (stats.sharpePerPeriod <= 0) {
    text = `No edge: the Sharpe ratio is ${format(interval.estimate)}, not above zero (95% interval ${ci}).`;
  } else {
    const reasons: string[] = [];
    if (!(interval.lower > 0)) reasons.push(`the 95% interval of the Sharpe ratio (${ci}) includes zero`);
    if (!(stats.deflatedSharpe >= SIGNIFICANCE_CONFIDENCE)) {
      reasons.push(`the deflated Sharpe ratio is ${format(stats.deflatedSharpe)} after ${trialsText} (needs 0.95)`);
    }
    text = `Not significant: ${reasons.join(' and ')}. This edge could be luck.`;
  }
  const versus = stats.versusBenchmark;
  if (versus) {
    const ir = `information ratio ${format(versus.informationRatioAnnualized)}, 95% interval ${format(versus.interval.lower)} to ${format(versus.interval.upper)}`;
    text += versus.significant
      ? ` It beats ${versus.benchmark} (${ir}).`
      : versus.interval.upper < 0
        ? ` It does worse than ${versus.benchmark} (${ir}).`
        : ` It does not significantly beat ${versus.benchmark} (${ir}).`;
  }
  const dm = stats.forecastVsNaive;
  if (dm) {
    text += stats.forecastSignificant
      ? ` Its forecasts beat the naive zero-return forecast (Diebold-Mariano p ${formatPValue(dm.pValueAMoreAccurate)}).`
      : ` Its forecasts are not significantly better than the naive zero-return forecast (Diebold-Mariano p ${formatPValue(dm.pValueAMoreAccurate)}).`;
  }
  return text;
}

/**
 * Fills `statistics` of every strategy in `results` (and of every per-symbol run). The deflated
 * Sharpe ratio counts every strategy in the run, the benchmark included, as one trial. The
 * bootstrap uses the run's seed for every strategy, so all of them see the same resamples.
 */
/**
 * A per-period Sharpe ratio with its probabilistic Sharpe ratio (P(true Sharpe > 0)) and deflated
 * Sharpe ratio (picked as the best of `trials` whose per-period Sharpe ratios vary by
 * `sharpeVarianceAcrossTrials`). The one place both the run statistics and a sweep's selection use.
 */
export function sharpeSignificance(input: {
  sharpePerPeriod: number;
  moments: { observations: number; skewness: number; kurtosis: number };
  trials: number;
  sharpeVarianceAcrossTrials: number;
  periodsPerYear: number;
}): SharpeSignificance {
  const { sharpePerPeriod, moments, trials, sharpeVarianceAcrossTrials, periodsPerYear } = input;
  const { observations, skewness, kurtosis } = moments;
  const deflated = deflatedSharpeRatio({ sharpe: sharpePerPeriod, observations, skewness, kurtosis, trials, sharpeVarianceAcrossTrials });
  return {
    observations,
    sharpePerPeriod,
    sharpeAnnualized: sharpePerPeriod * Math.sqrt(periodsPerYear),
    skewness,
    kurtosis,
    probabilisticSharpe: probabilisticSharpeRatio({ sharpe: sharpePerPeriod, benchmarkSharpe: 0, observations, skewness, kurtosis }),
    deflatedSharpe: deflated.deflatedSharpe,
    trials,
    sharpeVarianceAcrossTrials,
    expectedMaximumSharpeAnnualized: deflated.expectedMaximumSharpe * Math.sqrt(periodsPerYear),
  };
}

export function computeStatistics(results: RunResults): void {
  const { periodsPerYear, riskFreeRate } = results.conventions;
  const riskFreePerPeriod = perPeriodRate(riskFreeRate, periodsPerYear);
  const prepared = results.strategies.map((strategy) => {
    const returns = equityReturns(strategy.equity);
    const moments = returnMoments(returns);
    const sharpePerPeriod = perPeriodSharpe(returns, riskFreePerPeriod);
    return { strategy, returns, moments, sharpePerPeriod };
  });
  const trials = prepared.length;
  const sharpes = prepared.map((p) => p.sharpePerPeriod).filter(Number.isFinite);
  const sharpeVarianceAcrossTrials = sampleVariance(sharpes);
  const benchmarks = results.strategies.filter((s) => s.isBenchmark);
  for (const { strategy, returns, moments, sharpePerPeriod } of prepared) {
    const significance = sharpeSignificance({ sharpePerPeriod, moments, trials, sharpeVarianceAcrossTrials, periodsPerYear });
    const sharpeInterval = bootstrapInterval(returns, (sums) => annualizedGeometricSharpeOf(sums, periodsPerYear, riskFreeRate), { seed: results.seed });
    const dm = strategy.model ? forecastVsNaive(strategy.model, strategy.window) : undefined;
    const base: Omit<StrategyStatistics, 'verdict'> = {
      ...significance,
      sharpeInterval,
      edgeSignificant: significance.deflatedSharpe >= SIGNIFICANCE_CONFIDENCE && sharpeInterval.lower > 0,
    };
    // The benchmark on the same symbol (a comparison may hold several), else the first one.
    const benchmark = benchmarks.find((b) => b.symbol === strategy.symbol) ?? benchmarks[0];
    if (benchmark && !strategy.isBenchmark && Number.isFinite(sharpePerPeriod)) {
      const versus = versusBenchmark(strategy, benchmark, periodsPerYear, results.seed);
      if (versus) base.versusBenchmark = versus;
    }
    if (dm) {
      base.forecastVsNaive = dm;
      base.forecastSignificant = dm.pValueAMoreAccurate < 1 - SIGNIFICANCE_CONFIDENCE && dm.meanLossDifferential < 0;
    }
    strategy.statistics = { ...base, verdict: verdictFor(base) };
  }
  for (const run of results.perSymbol ?? []) computeStatistics(run);
}
