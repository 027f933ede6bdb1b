// The library: what `import ... from 'walkforward'` gives another project (package.json's exports
// map points here). The functions are the stages the CLI wires, for a script or a notebook.
//
// Kept light to import: a user's strategy file imports this module for defineStrategy and z (in
// `walkforward check` and every run of their config), so runBacktest and loadBars, which pull in
// the config, data and run stages, load theirs on the first call.
import type { Bar } from '../data/bar.ts';
import type { RunResults } from '../run/results.ts';
import type * as Backtest from './run-backtest.ts';
import type * as Bars from './load-bars.ts';

export { defineStrategy } from '../strategy/define-strategy.ts';
export { defineForecaster, type ForecasterDefinition, type ForecasterFold } from '../models/define-forecaster.ts';
export { renderReport } from '../report/render-report.ts';
export { UserError, isUserError } from '../core/errors.ts';
/** The zod the params schemas are written with; a user's strategy file can take it from here. */
export { z } from 'zod';

/**
 * Backtest a config (an object, or the path of a YAML file) as `walkforward backtest` does and
 * return its results: the object results.json stores (there, per-bar series are written as
 * columns; see the shipped JSON Schema), statistics included. Nothing is written; pass the result
 * to renderReport for the HTML report. Bad input throws a UserError whose message names the place.
 */
export async function runBacktest(config: Backtest.ConfigInput | string, options?: Backtest.RunBacktestOptions): Promise<RunResults> {
  return (await import('./run-backtest.ts')).runBacktest(config, options);
}

/**
 * The bars of one instrument, oldest first, checked as a backtest checks them: from a CSV file
 * (any of the layouts the loader reads) or from a `data:` block (csv, or yahoo with one symbol).
 */
export async function loadBars(data: string | Bars.DataInput, options?: Bars.LoadBarsOptions): Promise<Bar[]> {
  return (await import('./load-bars.ts')).loadBars(data, options);
}

export type { ConfigInput, RunBacktestOptions } from './run-backtest.ts';
export type { DataInput, LoadBarsOptions } from './load-bars.ts';
export type { Bar, RunResults };
export type { BarsCheck, Strategy, StrategyContext, StrategyDefinition, StrategyOutput } from '../strategy/types.ts';
export type { StrategyResult, Conventions, RunEvaluation } from '../run/results.ts';
export type { Metrics } from '../metrics/types.ts';
export type { Trade, EquityPoint, ExitReason } from '../backtest/types.ts';
export type { PositionMode } from '../core/position-mode.ts';
export type { ProgressSink, ProgressTask } from '../core/progress.ts';
export type { InputWarning } from '../core/warnings.ts';
