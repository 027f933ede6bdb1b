import type { LoadedConfig, ResolvedStrategy } from '../config/load-config.ts';
import { UserError } from '../core/errors.ts';
import { packageVersion } from '../core/package-version.ts';
import type { ProgressSink } from '../core/progress.ts';
import type { InputWarning } from '../core/warnings.ts';
import type { Bar, BarSeries } from '../data/bar.ts';
import { detectBarFrequency } from '../data/bar-frequency.ts';
import { lastBarOnOrBefore } from '../run/evaluation-window.ts';
import type { StrategyOutput } from '../strategy/types.ts';
import { strategyContextOf } from '../run/strategy-context.ts';
import { configHash, FoldModelFolder } from './model-store.ts';
import { signalAction, type SignalAction } from './signal-action.ts';
import { nextTradingDay } from './trading-days.ts';

/** One strategy's signal on one symbol: what it decided at the close of `lastBarDate`. */
export interface SignalRow {
  strategy: string;
  type: string;
  symbol: string;
  /** The bar the decision is made at (its close), and the trading day it is filled on (next open). */
  lastBarDate: string;
  signalFor: string;
  /** Expected log return over `horizonBars` (model strategies; null for rules). */
  forecastLogReturn: number | null;
  /** The same as a simple return in percent: (exp(log return) - 1) x 100. */
  forecastPct: number | null;
  horizonBars: number | null;
  /** Position wanted after this bar (+1 long, -1 short, 0 flat); null: no decision yet (warm-up). */
  targetPosition: number | null;
  /** The strategy's target after the previous bar (null: none). */
  previousPosition: number | null;
  action: SignalAction;
  /** |forecast| / the fold's training-target sd, or / the ensemble members' spread at this bar. */
  confidence: number | null;
  confidenceBasis: 'training-sd' | 'member-spread' | null;
  /** The model's training window (first and last bar fitted on). */
  trainStart: string | null;
  trainEnd: string | null;
  /** When the model was trained (ISO time), its id in the models folder, whether it was loaded. */
  trainedAt: string | null;
  modelId: string | null;
  modelReused: boolean | null;
  /** Notes such as a departure from the backtest (retrain: daily). */
  notes: string[];
}

export interface SignalOptions {
  /** Folder of saved models (`models/<config name>` by default). */
  modelsDir: string;
  /** Compute the signal as of this date's close (the last bar on or before it); default the last bar. */
  asOf?: string;
  progress: ProgressSink;
  now?: () => Date;
}

/** Index of the signal's bar: the last bar, or the last bar on or before `asOf`. */
export function signalBarIndex(series: BarSeries, asOf: string | undefined): number {
  const bars = series.bars;
  if (asOf === undefined) return bars.length - 1;
  const index = lastBarOnOrBefore(bars, asOf);
  if (index < 0) throw new UserError(`--as-of ${asOf}: ${series.source} starts later (${bars[0].date})`);
  return index;
}

/** The stored model's identity parts for a strategy of this config. */
function strategyConfigHash(loaded: LoadedConfig, strategy: ResolvedStrategy): string {
  const { seed, engine, fused } = loaded.config;
  return configHash({ type: strategy.definition.type, params: strategy.params, seed, engine, fused, version: packageVersion() });
}

/**
 * A strategy's decisions on `bars` from `fromBar` on (earlier ones may be NaN), equal there to a
 * run over all bars: a model strategy runs only the folds of those bars, with fold models
 * reused from, or trained and saved into, the models folder.
 */
export async function decideFrom(
  loaded: LoadedConfig,
  strategy: ResolvedStrategy,
  series: { symbol: string; bars: readonly Bar[] },
  fromBar: number,
  options: Pick<SignalOptions, 'modelsDir' | 'progress' | 'now'>,
): Promise<{ output: StrategyOutput; store: FoldModelFolder }> {
  const { config } = loaded;
  const { entry, definition, params } = strategy;
  const store = new FoldModelFolder(
    options.modelsDir,
    { strategy: entry.name, symbol: series.symbol, configHash: strategyConfigHash(loaded, strategy), model: params },
    options.now,
  );
  const context = strategyContextOf(config, entry, options.progress, { signal: { fromBar, foldStore: store } });
  try {
    return { output: await definition.create(params, context).run(series.bars), store };
  } finally {
    store.discardUnfinished();
  }
}

/**
 * Every strategy's signal for one series at its last bar (or `asOf`), from bars up to it only.
 * A model strategy forecasts the bar with the model of the walk-forward fold the bar falls in
 * (the config's fold grid, extended past the data: the last fold of the bars up to it), loaded
 * from `modelsDir` when one was saved for that fold, config and training bars, else trained and
 * saved. So the decision equals the backtest's at that bar (test/signal/parity.test.ts).
 */
export async function computeSignals(
  loaded: LoadedConfig,
  series: BarSeries,
  options: SignalOptions,
): Promise<{ rows: SignalRow[]; warnings: InputWarning[] }> {
  const last = signalBarIndex(series, options.asOf);
  const bars = series.bars.slice(0, last + 1);
  const frequency = detectBarFrequency(series.bars, { timeZone: series.timeZone });
  const signalFor = last + 1 < series.bars.length ? series.bars[last + 1].date : nextTradingDay(bars[last].date, frequency.tradingDaysPerYear === 365);
  const rows: SignalRow[] = [];
  const warnings: InputWarning[] = [];
  for (const strategy of loaded.strategies) {
    const { entry, definition, params } = strategy;
    const warmup = definition.warmupBars(params);
    if (warmup > last) {
      const firstDate = warmup < series.bars.length ? `; the first date with enough history is ${series.bars[warmup].date}` : '';
      throw new UserError(
        `${series.source}: strategy ${entry.name} needs ${warmup} bars before its first decision; ${bars[last].date} has ${last} before it${firstDate}`,
      );
    }
    const problems = definition.checkBars?.(params, bars).errors ?? [];
    if (problems.length > 0) throw new UserError(problems.map((problem) => `${series.source}: strategy ${entry.name}: ${problem}`).join('\n'));
    // The previous bar's decision too: the action is relative to it.
    const { output, store } = await decideFrom(loaded, strategy, { symbol: series.symbol, bars }, Math.max(0, last - 1), options);
    const strategyWarnings = output.warnings ?? [];
    warnings.push(...strategyWarnings.filter((warning) => warning.code !== 'retrain-daily'));
    const target = output.targetPositions[last];
    const previous = last > 0 ? output.targetPositions[last - 1] : Number.NaN;
    const model = output.model;
    const forecast = model ? model.forecasts[last] : Number.NaN;
    const foldIndex = model ? model.foldOfBar[last] : -1;
    const fold = model?.folds.find((record) => record.index === foldIndex);
    const spread = model?.memberSpread?.[last];
    const use = store.uses.get(foldIndex);
    const hasForecast = Number.isFinite(forecast);
    const confidenceBasis = !hasForecast ? null : spread !== undefined ? 'member-spread' : 'training-sd';
    const scale = confidenceBasis === 'member-spread' ? spread : fold?.targetStd;
    rows.push({
      strategy: entry.name,
      type: entry.type,
      symbol: series.symbol,
      lastBarDate: bars[last].date,
      signalFor,
      forecastLogReturn: hasForecast ? forecast : null,
      forecastPct: hasForecast ? Math.expm1(forecast) * 100 : null,
      horizonBars: model ? model.horizon : null,
      targetPosition: Number.isFinite(target) ? target : null,
      previousPosition: Number.isFinite(previous) ? previous : null,
      action: signalAction(previous, target),
      confidence: hasForecast && scale !== undefined && scale > 0 ? Math.abs(forecast) / scale : null,
      confidenceBasis,
      trainStart: fold?.trainStartDate ?? null,
      trainEnd: fold?.trainEndDate ?? null,
      trainedAt: use?.trainedAt ?? null,
      modelId: use?.modelId ?? null,
      modelReused: use?.reused ?? null,
      notes: strategyWarnings.filter((warning) => warning.code === 'retrain-daily').map((warning) => warning.message),
    });
  }
  return { rows, warnings };
}
