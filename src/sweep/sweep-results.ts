import type { InputWarning } from '../core/warnings.ts';
import type { Metrics } from '../metrics/types.ts';
import type { SharpeSignificance } from '../metrics/statistics.ts';
import type { EvaluationWindow } from '../run/evaluation-window.ts';
import type { Conventions } from '../run/results.ts';
import type { ForecastMetrics } from '../walkforward/forecast-metrics.ts';
import type { CscvResult } from './cscv.ts';
import type { Objective } from './objective.ts';
import type { Heatmap, NeighbourSummary, ParameterAxis, ParameterProfile } from './parameter-stability.ts';
import type { WfoSettings } from './walk-forward-selection.ts';

export const SWEEP_RESULTS_VERSION = 1;

export interface SweepTrialResult {
  trial: number;
  values: Record<string, unknown>;
  seed: number;
  /** 1 = best under the objective. */
  rank: number;
  objective: number;
  /** Every metric over the sweep's window. */
  metrics: Metrics;
  /** Per-period Sharpe ratio of the window's returns (what the deflated Sharpe ratio tests). */
  sharpePerPeriod: number;
  /** First bar the trial had a decision at (-1: never). */
  firstDecisionBar: number;
  neighbours: NeighbourSummary;
  forecast?: { engine: string; folds: number; epochs: number; metrics: ForecastMetrics };
  /** Wall time of the trial's decisions (training included); not part of the results proper. */
  seconds: number;
  warnings: InputWarning[];
}

/** The deflated Sharpe ratio of the best trial, given how many trials it was picked from. */
export interface SelectionStatistics extends SharpeSignificance {
  trial: number;
}

export type PboResult =
  | (CscvResult & { available: true; statistic: string; note: string | null })
  | { available: false; reason: string };

export interface EquityLine {
  date: string[];
  equity: number[];
}

export type WfoResult =
  | {
      available: true;
      settings: WfoSettings;
      /** The stitched strategy's window: from the first refit point to the end. */
      window: EvaluationWindow;
      refits: Array<{ refitBar: number; date: string; selectFrom: number; tradeTo: number; trial: number; values: Record<string, unknown> }>;
      /** Distinct trials chosen. */
      distinctChoices: number;
      metrics: Metrics;
      /** The best trial over the whole sweep window, measured over the WFO window. */
      bestInHindsight: { trial: number; metrics: Metrics };
      buyAndHold: { name: string; metrics: Metrics } | null;
      equity: { wfo: EquityLine; bestInHindsight: EquityLine; buyAndHold: EquityLine | null };
    }
  | { available: false; reason: string };

export interface ReferenceResult {
  name: string;
  type: string;
  isBenchmark: boolean;
  metrics: Metrics;
}

/** sweep.json: the whole sweep, ranked, with its honest-selection statistics. */
export interface SweepResults {
  kind: 'walkforward-sweep';
  version: typeof SWEEP_RESULTS_VERSION;
  name: string;
  description?: string;
  configPath: string;
  seed: number;
  createdAt: string;
  runTimeMs: number;
  /** How trials ran this time (in process, local pool, queue); the figures do not depend on it. */
  executor: string;
  data: { symbol: string; source: string; start: string; end: string; bars: number; barsHash: string };
  evaluation: EvaluationWindow & { rule: string };
  conventions: Conventions;
  sweep: {
    planId: string;
    strategy: { name: string; type: string };
    paths: string[];
    method: 'grid' | 'random';
    constraints: string[];
    objective: Objective;
    heatmap: [string, string] | null;
  };
  /** In trial order. */
  trials: SweepTrialResult[];
  /** Trial indices, best first. */
  ranking: number[];
  selection: SelectionStatistics;
  pbo: PboResult;
  wfo: WfoResult;
  references: ReferenceResult[];
  stability: { axes: ParameterAxis[]; profiles: ParameterProfile[]; heatmaps: Heatmap[] };
  warnings: InputWarning[];
}
