import type { PositionMode } from '../core/position-mode.ts';
import type { InputWarning } from '../core/warnings.ts';
import type { ExitRules } from '../backtest/exits.ts';
import type { BarFrequency } from '../data/bar-frequency.ts';
import type { EquityPoint, Trade } from '../backtest/types.ts';
import type { StrategyStatistics } from '../metrics/statistics.ts';
import type { WalkForwardReport } from '../walkforward/report-types.ts';
import type { Metrics } from '../metrics/types.ts';
import type { EvaluationWindow } from './evaluation-window.ts';

/** The conventions every number in a results file follows; the report prints them. */
export interface Conventions {
  /** Bars a year, used by every annualised figure (src/metrics). */
  periodsPerYear: number;
  /** Where periodsPerYear comes from: the data's frequency, or the config. */
  periodsPerYearRule: string;
  /** Annual, as a fraction. */
  riskFreeRate: number;
  fillRule: string;
  /** Fraction of traded value charged on every fill. */
  commissionRate: number;
  /** Fraction of price moved against us on every fill. */
  slippageRate: number;
  sizing: 'all-in' | 'fraction';
  /** With sizing `fraction`: the share of equity a full position uses (else null). */
  sizingFraction: number | null;
  wholeShares: boolean;
  initialCash: number;
  annualization: string;
  /** What a strategy does before and at the start of its evaluation window. */
  windowRule: string;
  /** How stop, take-profit, trailing, time exits and limit entries fill inside a bar (src/backtest/exits.ts). */
  exitRule: string;
}

/** The bars a run's figures cover (see src/run/evaluation-window.ts). */
export interface RunEvaluation extends EvaluationWindow {
  /** `common`: one window for every strategy; `full`: each strategy from its own first decision. */
  mode: 'common' | 'full';
  /** How the window was chosen, in words. */
  rule: string;
  /** True when strategies are measured over different windows (mode full). */
  windowsDiffer: boolean;
}

export interface StrategyResult {
  name: string;
  type: string;
  mode: PositionMode;
  symbol: string;
  params: Record<string, unknown>;
  /** The strategy entry's `exits:` block with defaults filled in, or null (market entries, signal exits only). */
  exits: ExitRules | null;
  /** The bars this strategy is measured over: every figure, trade and curve below covers them only. */
  window: EvaluationWindow;
  metrics: Metrics;
  /** Closed trades, each with its exitReason. */
  trades: Trade[];
  /** Trade still open at the last bar (also counted in no closed-trade metric). */
  openTrade: Trade | null;
  /** Account at each close of the window. */
  equity: EquityPoint[];
  /** Target position at every bar of the data as the strategy decided it (after its close), warm-up included. */
  targetPositions: number[];
  /** Present for model (forecasting) strategies. */
  model?: WalkForwardReport;
  /** Honest-statistics block (PSR, DSR, bootstrap CI, ...), filled by src/metrics. */
  statistics?: StrategyStatistics;
  isBenchmark: boolean;
}

/**
 * Format version of results.json; 2 added evaluation windows (equity and metrics cover the window
 * only). Exits came later within version 2 as additions: StrategyResult.exits, Trade.exitReason
 * and Conventions.exitRule; a file written before them reads as no exits, every closed trade
 * closed by its signal (src/run/results-file.ts). So did bars of any frequency: data.frequency
 * and conventions.periodsPerYearRule; a file written before them reads as daily bars at its
 * stated periodsPerYear (252).
 */
export const RESULTS_VERSION = 2;

export interface RunResults {
  /** Format version of this file. */
  version: typeof RESULTS_VERSION;
  name: string;
  description?: string;
  configPath: string;
  seed: number;
  /** Engine that ran model strategies (`none` when no model ran). */
  engine: string;
  createdAt: string;
  runTimeMs: number;
  data: {
    symbol: string;
    source: string;
    start: string;
    end: string;
    bars: number;
    droppedRows: number;
    /** How often the bars come, detected from their stamps (src/data/bar-frequency.ts). */
    frequency: BarFrequency;
  };
  /** The bars every figure covers. */
  evaluation: RunEvaluation;
  /** The bars themselves (warm-up included), so a report or comparison needs nothing else. */
  bars: Array<{ date: string; open: number; high: number; low: number; close: number; volume: number }>;
  conventions: Conventions;
  /** Doubtful input met on the way (data, config, strategies); the run went on. */
  warnings: InputWarning[];
  benchmark: string | null;
  strategies: StrategyResult[];
  /** Extra symbols when `data.symbols` lists several (each a full run of its own). */
  perSymbol?: RunResults[];
}
