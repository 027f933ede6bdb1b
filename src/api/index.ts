// The library: what `import ... from 'walkforward'` gives another project (package.json's exports
// map points here). The functions are the stages the CLI wires, for a script or a notebook.
export { defineStrategy } from '../strategy/define-strategy.ts';
export { runBacktest, type ConfigInput, type RunBacktestOptions } from './run-backtest.ts';
export { loadBars, type DataInput, type LoadBarsOptions } from './load-bars.ts';
export { renderReport } from '../report/render-report.ts';
export { UserError, isUserError } from '../core/errors.ts';
/** The zod the params schemas are written with; a user's strategy file can take it from here. */
export { z } from 'zod';

export type { Bar } from '../data/bar.ts';
export type { BarsCheck, Strategy, StrategyContext, StrategyDefinition, StrategyOutput } from '../strategy/types.ts';
export type { RunResults, StrategyResult, Conventions, RunEvaluation } from '../run/results.ts';
export type { Metrics } from '../metrics/types.ts';
export type { Trade, EquityPoint, ExitReason } from '../backtest/types.ts';
export type { PositionMode } from '../core/position-mode.ts';
export type { ProgressSink, ProgressTask } from '../core/progress.ts';
export type { InputWarning } from '../core/warnings.ts';
