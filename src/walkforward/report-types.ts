import type { ForecastMetrics } from './forecast-metrics.ts';

/**
 * The `model` block a walk-forward strategy puts into results.json. Per-bar arrays have one entry per bar of the run; NaN (null in JSON)
 * where no fold forecast that bar or the target is not known yet.
 */
export type WalkForwardReport = {
  /** Engine that trained the networks: tfjs-node | wasm | cpu, or `none` for naive/linear. */
  engine: string;
  /** Why the requested engine was not used, if it was not. */
  engineFallbackReason?: string;
  modelType: string;
  featureLabels: string[];
  /** First bar every feature is defined at (earlier bars are indicator warm-up). */
  firstValidBar: number;
  horizon: number;
  lookback: number;
  /** Forecast of the target at bar t (log return close t -> t+horizon), made at bar t's close. */
  forecasts: number[];
  /**
   * Ensembles: standard deviation of the members' forecasts at bar t (log-return units; NaN where
   * no fold forecast). Absent for single models.
   */
  memberSpread?: number[];
  /** Realized target at bar t. */
  realized: number[];
  /** Fold index that forecast bar t, or -1. */
  foldOfBar: number[];
  folds: FoldRecord[];
  forecastMetrics: ForecastMetrics;
  /** Wall time of the whole walk-forward, seconds. */
  wallSeconds: number;
  /**
   * Training samples x epochs run / training seconds summed over folds (null for baselines): the
   * speed of one training thread; with parallel workers the run as a whole goes faster.
   */
  samplesPerSecond: number | null;
};

export type FoldRecord = ForecastMetrics & {
  index: number;
  seed: number;
  /** First bar whose features enter training (later than trainStart while indicators warm up). */
  trainStartDate: string;
  trainEndDate: string;
  testStartDate: string;
  testEndDate: string;
  /** Bar indices, half-open ranges. */
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
  trainSamples: number;
  validationSamples: number;
  testSamples: number;
  epochsRun: number;
  bestEpoch: number;
  /** Training loss (standardised target units) of the last epoch run. */
  finalLoss: number | null;
  bestValidationLoss: number | null;
  trainSeconds: number;
  /** Mean and standard deviation of the fold's training targets (forecasts are de-standardised with them). */
  targetMean: number;
  targetStd: number;
  /**
   * Models with attention (attention-lstm, transformer): mean attention weight of each lookback
   * position over this fold's test windows; index 0 is the oldest bar of a window, lookback - 1 the
   * bar the forecast is made at. Sums to 1.
   */
  attention?: number[];
};
