import path from 'node:path';
import type { LoadedConfig } from '../config/load-config.ts';
import type { Bar, BarSeries } from '../data/bar.ts';
import type { EquityPoint, Trade } from '../backtest/types.ts';
import { computeMetrics } from '../metrics/compute-metrics.ts';
import { RESULTS_VERSION, type RunResults, type StrategyResult } from './results.ts';
import { detectBarFrequency } from '../data/bar-frequency.ts';
import { decideStrategies, measureRun, planEvaluation, runBacktest, type RunOptions } from './run-backtest.ts';

/**
 * Runs every strategy on each series. One series: exactly `runBacktest`. Several: each symbol
 * is a full run of its own (in `perSymbol`), and the top level is their total: per strategy an
 * equal-weight portfolio, i.e. the starting cash split evenly into one sub-account per symbol,
 * never rebalanced, so its equity is the mean of the per-symbol equity curves.
 */
export async function runSeries(loaded: LoadedConfig, seriesList: readonly BarSeries[], options: RunOptions): Promise<RunResults> {
  if (seriesList.length === 1) return runBacktest(loaded, seriesList[0], options);
  const now = options.now ?? Date.now;
  const startedAt = now();
  const decided = [];
  for (const series of seriesList) {
    const saveModelsDir = options.saveModelsDir ? path.join(options.saveModelsDir, series.symbol) : undefined;
    decided.push({ series, ...(await decideStrategies(loaded, series, { ...options, saveModelsDir })) });
  }
  // One common window means one start date for every symbol, so the total starts in cash too.
  const startNotBefore =
    loaded.config.evaluation.window === 'common'
      ? decided.map(({ series, decisions }) => planEvaluation(loaded, series, decisions).window.start).reduce((a, b) => (a > b ? a : b))
      : undefined;
  const createdAt = new Date(startedAt).toISOString();
  const perSymbol = decided.map(({ series, decisions, warnings }) =>
    measureRun(loaded, series, decisions, planEvaluation(loaded, series, decisions, startNotBefore), { warnings, createdAt, runTimeMs: now() - startedAt }),
  );
  return combineRuns(perSymbol, { createdAt, runTimeMs: now() - startedAt });
}

/** Every date of any series, sorted. */
function unionDates(runs: readonly RunResults[]): string[] {
  return [...new Set(runs.flatMap((run) => run.bars.map((bar) => bar.date)))].sort();
}

/**
 * For each union date, the index of the series' last bar on or before it (-1 before its first
 * bar): a symbol that does not trade that day (another exchange's holiday) holds its value.
 */
function carryForwardIndex(dates: readonly string[], own: readonly { date: string }[]): Int32Array {
  const index = new Int32Array(dates.length);
  let j = -1;
  dates.forEach((date, i) => {
    while (j + 1 < own.length && own[j + 1].date <= date) j++;
    index[i] = j;
  });
  return index;
}

/**
 * The equal-weight index the total is charted against: each symbol's OHLC scaled to 100 at its
 * first close, averaged (held flat at the last close where a symbol has no bar).
 */
function equalWeightBars(runs: readonly RunResults[], dates: readonly string[]): Bar[] {
  const sums = dates.map((date) => ({ date, open: 0, high: 0, low: 0, close: 0, volume: 0 }));
  for (const run of runs) {
    const scale = 100 / run.bars[0].close;
    const at = carryForwardIndex(dates, run.bars);
    dates.forEach((date, i) => {
      const bar = at[i] >= 0 ? run.bars[at[i]] : undefined;
      const sum = sums[i];
      if (bar && bar.date === date) {
        sum.open += bar.open * scale;
        sum.high += bar.high * scale;
        sum.low += bar.low * scale;
        sum.close += bar.close * scale;
        sum.volume += bar.volume;
      } else {
        const flat = bar ? bar.close * scale : 100;
        sum.open += flat;
        sum.high += flat;
        sum.low += flat;
        sum.close += flat;
      }
    });
  }
  const n = runs.length;
  return sums.map((s) => ({ date: s.date, open: s.open / n, high: s.high / n, low: s.low / n, close: s.close / n, volume: s.volume }));
}

/** A trade re-indexed onto the union calendar (prices, size and P&L stay those of its own sub-account). */
function reindexTrade(trade: Trade, dateIndex: ReadonlyMap<string, number>): Trade {
  return {
    ...trade,
    entryBar: dateIndex.get(trade.entryDate)!,
    exitBar: trade.exitDate === null ? null : dateIndex.get(trade.exitDate)!,
  };
}

/** One strategy's total over all symbols: mean equity and cash, pooled trades. */
function combineStrategy(name: string, runs: readonly RunResults[], dates: readonly string[], bars: readonly Bar[], label: string): StrategyResult {
  const parts = runs.map((run) => run.strategies.find((s) => s.name === name)!);
  const initialCash = runs[0].conventions.initialCash;
  const n = parts.length;
  const barIndex = runs.map((run) => carryForwardIndex(dates, run.bars));
  // The total is measured from the earliest sub-account start; a sub-account not started yet holds its cash.
  const startDate = parts.map((part) => part.window.start).reduce((a, b) => (a < b ? a : b));
  const startBar = dates.indexOf(startDate);
  const window = { startBar, endBar: dates.length - 1, start: startDate, end: dates[dates.length - 1] };
  const windowDates = dates.slice(startBar);
  const equity: EquityPoint[] = windowDates.map((date, i) => ({ bar: startBar + i, date, equity: 0, cash: 0, position: 0 }));
  parts.forEach((part) => {
    const at = carryForwardIndex(windowDates, part.equity);
    equity.forEach((point, i) => {
      const own = at[i] >= 0 ? part.equity[at[i]] : undefined;
      point.equity += (own ? own.equity : initialCash) / n;
      point.cash += (own ? own.cash : initialCash) / n;
      // Shares of different stocks do not add up; count the sub-accounts holding a position (signed).
      point.position += own ? Math.sign(own.position) : 0;
    });
  });
  const dateIndex = new Map(dates.map((date, i) => [date, i]));
  const byEntry = (a: Trade, b: Trade) => (a.entryDate < b.entryDate ? -1 : a.entryDate > b.entryDate ? 1 : 0);
  const trades = parts.flatMap((part) => part.trades.map((trade) => reindexTrade(trade, dateIndex))).sort(byEntry);
  const commissionsPaid = parts.reduce((sum, part) => sum + part.metrics.commissionsPaid, 0) / n;
  const first = parts[0];
  return {
    name,
    type: first.type,
    mode: first.mode,
    symbol: label,
    params: first.params,
    exits: first.exits,
    window,
    metrics: computeMetrics({
      bars: bars.slice(startBar),
      equity,
      trades,
      commissionsPaid,
      // The total follows the conventions it reports (the first symbol's).
      periodsPerYear: runs[0].conventions.periodsPerYear,
      riskFreeRate: runs[0].conventions.riskFreeRate,
    }),
    trades,
    openTrade: null,
    equity,
    // Mean target position across symbols (a warm-up NaN counts as flat).
    targetPositions: dates.map((_, i) => {
      let sum = 0;
      parts.forEach((part, k) => {
        const value = barIndex[k][i] >= 0 ? part.targetPositions[barIndex[k][i]] : 0;
        sum += Number.isFinite(value) ? value : 0;
      });
      return sum / n;
    }),
    isBenchmark: first.isBenchmark,
  };
}

/** The total of several per-symbol runs of the same config (see runSeries). */
export function combineRuns(perSymbol: RunResults[], timing: { createdAt: string; runTimeMs: number }): RunResults {
  const first = perSymbol[0];
  const symbols = perSymbol.map((run) => run.data.symbol);
  const label = `equal-weight(${symbols.join(',')})`;
  const dates = unionDates(perSymbol);
  const bars = equalWeightBars(perSymbol, dates);
  const strategies = first.strategies.map((strategy) => combineStrategy(strategy.name, perSymbol, dates, bars, label));
  const earliest = strategies.reduce((min, s) => Math.min(min, s.window.startBar), dates.length - 1);
  return {
    version: RESULTS_VERSION,
    name: first.name,
    description: first.description,
    configPath: first.configPath,
    seed: first.seed,
    engine: perSymbol.find((run) => run.engine !== 'none')?.engine ?? 'none',
    createdAt: timing.createdAt,
    runTimeMs: timing.runTimeMs,
    data: {
      symbol: label,
      source: `equal-weight total of ${perSymbol.map((run) => run.data.source).join('; ')}`,
      start: dates[0],
      end: dates[dates.length - 1],
      bars: dates.length,
      droppedRows: perSymbol.reduce((sum, run) => sum + run.data.droppedRows, 0),
      frequency: detectBarFrequency(bars),
    },
    evaluation: {
      startBar: earliest,
      endBar: dates.length - 1,
      start: dates[earliest],
      end: dates[dates.length - 1],
      mode: first.evaluation.mode,
      rule: `${first.evaluation.rule}; the equal-weight total starts when the first sub-account does`,
      windowsDiffer: perSymbol.some((run) => run.evaluation.windowsDiffer) || strategies.some((s) => s.window.startBar !== earliest),
    },
    bars,
    conventions: first.conventions,
    warnings: perSymbol.flatMap((run) => run.warnings),
    benchmark: first.benchmark,
    strategies,
    perSymbol,
  };
}
