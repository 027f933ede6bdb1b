import type { InputWarning } from '../core/warnings.ts';
import type { EquityPoint, Trade } from '../backtest/types.ts';
import type { StrategyStatistics } from '../metrics/statistics.ts';
import type { WalkForwardReport } from '../walkforward/report-types.ts';
import type { Metrics } from '../metrics/types.ts';

/** The conventions every number in a results file follows; the report prints them. */
export interface Conventions {
  periodsPerYear: number;
  riskFreeRate: number;
  fillRule: string;
  commission: number;
  slippage: number;
  sizing: string;
  wholeShares: boolean;
  initialCash: number;
  annualization: string;
}

export interface StrategyResult {
  name: string;
  type: string;
  mode: string;
  symbol: string;
  params: Record<string, unknown>;
  metrics: Metrics;
  trades: Trade[];
  /** Trade still open at the last bar (also counted in no closed-trade metric). */
  openTrade: Trade | null;
  equity: EquityPoint[];
  /** Target position per bar as the strategy decided it (after its close). */
  targetPositions: number[];
  /** Present for model (forecasting) strategies. */
  model?: WalkForwardReport;
  /** Honest-statistics block (PSR, DSR, bootstrap CI, ...), filled by src/metrics. */
  statistics?: StrategyStatistics;
  isBenchmark: boolean;
}

export interface RunResults {
  /** Format version of this file. */
  version: 1;
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
  };
  /** The bars themselves, so a report or comparison needs nothing else. */
  bars: Array<{ date: string; open: number; high: number; low: number; close: number; volume: number }>;
  conventions: Conventions;
  /** Doubtful input met on the way (data, config, strategies); the run went on. */
  warnings: InputWarning[];
  benchmark: string | null;
  strategies: StrategyResult[];
  /** Extra symbols when `data.symbols` lists several (each a full run of its own). */
  perSymbol?: RunResults[];
}
