import type { LoadedConfig, ResolvedStrategy } from '../config/load-config.ts';
import type { ProgressSink } from '../core/progress.ts';
import type { InputWarning } from '../core/warnings.ts';
import type { BarSeries } from '../data/bar.ts';
import { detectBarFrequency, type BarFrequency } from '../data/bar-frequency.ts';
import type { StrategyOutput } from '../strategy/types.ts';
import { strategyContextOf } from './strategy-context.ts';
import { strategyRegistry } from '../../strategies/index.ts';
import { UserError } from '../core/errors.ts';
import { checkSeries } from './check-series.ts';
import { resolveEvaluation, type EvaluationPlan } from './evaluation-window.ts';
import { EXIT_FILL_RULE } from '../backtest/exits.ts';
import { actionableDecisions, measureOverWindow } from './measure.ts';
import { RESULTS_VERSION, type Conventions, type RunResults, type StrategyResult } from './results.ts';

export const FILL_RULE = "decision at bar t's close, market fill at bar t+1's open (slippage against the trade)";
export const WINDOW_RULE =
  'before its evaluation window a strategy only warms up (indicators, training) and holds nothing; ' +
  "equity starts at the initial cash at the window's first close, and its first fill can be at the next open";

export interface RunOptions {
  progress: ProgressSink;
  /** Where `saveModels: true` writes per-fold models. */
  saveModelsDir?: string;
  /** Clock for runTimeMs/createdAt; injectable so tests can compare whole files. */
  now?: () => number;
}

/** How often a series has bars (in the market's own days: the series' time zone). */
export function frequencyOf(series: BarSeries): BarFrequency {
  return detectBarFrequency(series.bars, { timeZone: series.timeZone });
}

/**
 * The conventions of a run on bars of `frequency`. Periods a year are decided here, once: the
 * config's `periodsPerYear` when set, else the data's (src/data/bar-frequency.ts); every
 * annualised figure reads them from the conventions.
 */
export function conventionsOf(loaded: LoadedConfig, frequency: BarFrequency): Conventions {
  const { broker, riskFreeRate } = loaded.config;
  const fromConfig = loaded.config.periodsPerYear !== 'auto';
  const periodsPerYear = loaded.config.periodsPerYear === 'auto' ? frequency.periodsPerYear : loaded.config.periodsPerYear;
  const perPeriod = frequency.label === '1d' ? 'daily' : `${frequency.label}-bar`;
  return {
    periodsPerYear,
    periodsPerYearRule: fromConfig
      ? `set by the config (periodsPerYear: ${periodsPerYear}); the data's would be ${frequency.periodsPerYear}: ${frequency.rule}`
      : `from the data: ${frequency.rule}`,
    riskFreeRate,
    fillRule: FILL_RULE,
    commissionRate: broker.commission,
    slippageRate: broker.slippage,
    sizing: broker.sizing,
    sizingFraction: broker.sizing === 'fraction' ? (broker.fraction ?? 1) : null,
    wholeShares: broker.wholeShares,
    initialCash: broker.cash,
    annualization:
      `Return (Ann.) = (1 + geometric mean ${perPeriod} return)^${periodsPerYear} - 1; Volatility (Ann.) as backtesting.py; ` +
      'Sharpe = (Return (Ann.) - rf) / Volatility (Ann.); CAGR over calendar days / 365.25',
    windowRule: WINDOW_RULE,
    exitRule: EXIT_FILL_RULE,
  };
}

/** A strategy of the run with what it decided on every bar. */
export interface Decision extends ResolvedStrategy {
  isBenchmark: boolean;
  output: StrategyOutput;
}

/** Buy-and-hold as a strategy of a run (the benchmark, or a sweep's reference) when the config does not list it. */
export function buyAndHoldStrategy(name: string): ResolvedStrategy {
  const definition = strategyRegistry.get('buy-and-hold');
  if (!definition) throw new Error('buy-and-hold is not registered');
  return { entry: { name, type: 'buy-and-hold', params: {}, mode: 'long-only' }, definition, params: {} };
}

/** The config's strategies, plus buy-and-hold when it is the benchmark and not listed. */
function runEntries(loaded: LoadedConfig): Array<ResolvedStrategy & { isBenchmark: boolean }> {
  const { config } = loaded;
  const entries = loaded.strategies.map((strategy) => ({ ...strategy, isBenchmark: strategy.entry.name === config.benchmark }));
  if (config.benchmark === 'buy-and-hold' && !entries.some((s) => s.isBenchmark)) entries.push({ ...buyAndHoldStrategy('buy-and-hold'), isBenchmark: true });
  return entries;
}

/** Run every strategy over all bars (warm-up and training included): what each wants to hold after every close. */
export async function decideStrategies(
  loaded: LoadedConfig,
  series: BarSeries,
  options: RunOptions,
): Promise<{ decisions: Decision[]; warnings: InputWarning[] }> {
  const { config } = loaded;
  const entries = runEntries(loaded);
  // Stop before any strategy runs (and trains) if one cannot run on these bars.
  const check = checkSeries(entries, series, { config: config.evaluation, source: loaded.path });
  if (check.errors.length > 0) throw new UserError(check.errors.join('\n'));
  const warnings: InputWarning[] = [...check.warnings];
  const decisions: Decision[] = [];
  for (const resolved of entries) {
    const { entry, definition, params } = resolved;
    const context = strategyContextOf(config, entry, options.progress, {
      saveModelsDir: config.saveModels && options.saveModelsDir ? `${options.saveModelsDir}/${entry.name}` : undefined,
    });
    const output = await definition.create(params, context).run(series.bars);
    warnings.push(...(output.warnings ?? []));
    decisions.push({ ...resolved, output });
  }
  return { decisions, warnings };
}

/** The evaluation window(s) of a run's decisions on one series. */
export function planEvaluation(loaded: LoadedConfig, series: BarSeries, decisions: readonly Decision[], startNotBefore?: string): EvaluationPlan {
  return resolveEvaluation(
    loaded.config.evaluation,
    series.bars,
    decisions.map((d) => ({
      name: d.entry.name,
      targetPositions: actionableDecisions(series.bars, d.output.targetPositions, d.entry.exits ?? null),
      isModel: d.output.model !== undefined,
    })),
    { source: loaded.path, startNotBefore },
  );
}

/** Measure decided strategies over a resolved plan and assemble the run's results. */
export function measureRun(
  loaded: LoadedConfig,
  series: BarSeries,
  decisions: readonly Decision[],
  plan: EvaluationPlan,
  context: { warnings: InputWarning[]; createdAt: string; runTimeMs: number },
): RunResults {
  const { config } = loaded;
  const frequency = frequencyOf(series);
  const conventions = conventionsOf(loaded, frequency);
  const strategies = decisions.map(({ entry, params, output, isBenchmark }, i): StrategyResult => {
    const exits = entry.exits ?? null;
    const measured = measureOverWindow(series.bars, output.targetPositions, output.model, conventions, entry.mode, plan.strategyWindows[i], exits);
    return {
      name: entry.name,
      type: entry.type,
      mode: entry.mode,
      symbol: series.symbol,
      params: (params ?? {}) as Record<string, unknown>,
      exits,
      ...measured,
      targetPositions: Array.from(output.targetPositions),
      isBenchmark,
    };
  });
  // Baselines that never load tfjs report 'none'; keep the engine a network actually ran on.
  const engine = strategies.map((s) => s.model?.engine).filter((e): e is string => e !== undefined && e !== 'none').at(-1) ?? 'none';
  const bars = series.bars;
  return {
    version: RESULTS_VERSION,
    name: config.name,
    description: config.description,
    configPath: loaded.path,
    seed: config.seed,
    engine,
    createdAt: context.createdAt,
    runTimeMs: context.runTimeMs,
    data: {
      symbol: series.symbol,
      source: series.source,
      start: bars[0].date,
      end: bars[bars.length - 1].date,
      bars: bars.length,
      droppedRows: series.droppedRows ?? 0,
      frequency,
    },
    evaluation: {
      ...plan.window,
      mode: plan.mode,
      rule: plan.rule,
      windowsDiffer: plan.strategyWindows.some((w) => w.startBar !== plan.window.startBar || w.endBar !== plan.window.endBar),
    },
    bars: bars.map(({ date, open, high, low, close, volume }) => ({ date, open, high, low, close, volume })),
    conventions,
    warnings: [...(series.warnings ?? []), ...context.warnings, ...plan.warnings],
    benchmark: decisions.find((d) => d.isBenchmark)?.entry.name ?? null,
    strategies,
  };
}

/** Run every strategy of a config over one series through the same broker settings and window. */
export async function runBacktest(loaded: LoadedConfig, series: BarSeries, options: RunOptions): Promise<RunResults> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const { decisions, warnings } = await decideStrategies(loaded, series, options);
  const plan = planEvaluation(loaded, series, decisions);
  return measureRun(loaded, series, decisions, plan, { warnings, createdAt: new Date(startedAt).toISOString(), runTimeMs: now() - startedAt });
}
