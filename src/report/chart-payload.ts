import type { ExitReason } from '../backtest/types.ts';
import { isIntradayStamp, stampToUtcMs } from '../data/bar-time.ts';
import { drawdownSeries } from '../metrics/drawdown.ts';
import type { RunResults, StrategyResult } from '../run/results.ts';
import { roundSignificant } from './html.ts';
import { tradeRows, type TradeRow } from './trades-table.ts';

/** Above this many bars, charts get one point per bucket of bars (keeps the page small). */
export const MAX_CHART_POINTS = 3000;

/** Distinct line colors readable on light and dark backgrounds; the benchmark is grey. */
export const STRATEGY_COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#db2777', '#0891b2', '#ca8a04', '#dc2626', '#4f46e5', '#65a30d'];
export const BENCHMARK_COLOR = '#8a8f98';

export function strategyColors(strategies: StrategyResult[]): string[] {
  let next = 0;
  return strategies.map((s) => (s.isBenchmark ? BENCHMARK_COLOR : STRATEGY_COLORS[next++ % STRATEGY_COLORS.length]));
}

export interface StrategySeries {
  name: string;
  color: string;
  benchmark: boolean;
  /** Equity per chart point (aligned with `dates`, null outside the strategy's window), or with `equityDates` when the strategy ran on other bars. */
  equity: Array<number | null>;
  /** Drawdown in % below the running peak, aligned like `equity` (src/metrics/drawdown.ts). */
  drawdownPct: Array<number | null>;
  equityDates?: ChartTime[];
  /**
   * Flat [pointIndex, side, kind] triples: side 1 = buy, -1 = sell; kind 0 = an entry, k > 0 = an
   * exit for MARKER_EXIT_REASONS[k - 1]. Empty when the strategy ran on other bars.
   */
  markers: number[];
  /**
   * Out-of-sample forecasts: from point `start`, predicted and realized per point; for ensembles
   * also the members' spread (standard deviation of their forecasts) per point.
   */
  forecast?: { start: number; predicted: Array<number | null>; realized: Array<number | null>; spread?: Array<number | null> };
  /** Models with attention: each fold's mean attention over the lookback window (oldest bar first). */
  attention?: AttentionPayload;
}

export interface AttentionPayload {
  lookback: number;
  folds: Array<{ label: string; weights: number[] }>;
}

/** Exit reasons in the order a marker's kind numbers them (kind = index + 1; 0 is an entry). */
export const MARKER_EXIT_REASONS: readonly ExitReason[] = ['signal', 'stop', 'take-profit', 'trailing', 'time'];

/**
 * A point on a chart's time axis as Lightweight Charts takes it: the date `YYYY-MM-DD` of a daily
 * (or coarser) bar, or the UTC time in seconds (its UTCTimestamp) of an intraday bar.
 */
export type ChartTime = string | number;

/** A bar stamp (bar.ts) as a chart time. */
export function chartTime(stamp: string): ChartTime {
  return isIntradayStamp(stamp) ? stampToUtcMs(stamp) / 1000 : stamp;
}

export interface ChartPayload {
  symbol: string;
  /** Bars per chart point (1 unless the series is long). */
  bucket: number;
  /** Intraday bars: times on the axes, and `dates` are UTC seconds. */
  intraday: boolean;
  /** Time of each chart point (its bucket's last bar). */
  dates: ChartTime[];
  /** [open, high, low, close] per chart point. */
  ohlc: Array<Array<number | null>>;
  /** Chart points before this index are warm-up (indicators, first training window): shaded, not measured. */
  warmupPoints: number;
  strategies: StrategySeries[];
  /** What each marker kind above 0 means (MARKER_EXIT_REASONS). */
  markerExitReasons: readonly ExitReason[];
  /** Every trade for the trades table (see TradeRow). */
  trades: TradeRow[];
}

/** Last-of-bucket sampling of a per-bar series. */
function sampleLast<T>(values: readonly T[], bucket: number): T[] {
  if (bucket === 1) return values.slice();
  const out: T[] = [];
  for (let end = bucket - 1; end < values.length + bucket - 1; end += bucket) out.push(values[Math.min(end, values.length - 1)]);
  return out;
}

/** The strategy ran on the run's bars, so its window indexes them. */
function sameBars(strategy: StrategyResult, results: RunResults): boolean {
  const { window } = strategy;
  const { bars } = results;
  return strategy.symbol === results.data.symbol && bars[window.startBar]?.date === window.start && bars[window.endBar]?.date === window.end;
}

/** A window-long series spread over every bar (null outside the window). */
function overAllBars(values: ArrayLike<number>, startBar: number, barCount: number): Array<number | null> {
  const out = new Array<number | null>(barCount).fill(null);
  for (let i = 0; i < values.length; i++) out[startBar + i] = values[i];
  return out;
}

function markersOf(strategy: StrategyResult, bucket: number): number[] {
  const events: Array<[number, number, number]> = [];
  const trades = strategy.openTrade ? [...strategy.trades, strategy.openTrade] : strategy.trades;
  for (const trade of trades) {
    events.push([Math.floor(trade.entryBar / bucket), trade.direction, 0]);
    if (trade.exitBar !== null && !trade.open) {
      events.push([Math.floor(trade.exitBar / bucket), -trade.direction, MARKER_EXIT_REASONS.indexOf(trade.exitReason ?? 'signal') + 1]);
    }
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return events.flat();
}

function forecastOf(strategy: StrategyResult, bucket: number): StrategySeries['forecast'] {
  const model = strategy.model;
  if (!model?.forecasts?.length) return undefined;
  // Only the forecasts inside the strategy's window, like its trading and its accuracy figures.
  const inWindow = (values: readonly number[]) => values.map((v, t) => (t >= strategy.window.startBar && t <= strategy.window.endBar ? v : NaN));
  // Three significant digits are plenty for a chart of returns.
  const predicted = sampleLast(inWindow(model.forecasts), bucket).map((v) => roundSignificant(v, 3));
  const realized = sampleLast(inWindow(model.realized), bucket).map((v) => roundSignificant(v, 3));
  const start = predicted.findIndex((v) => v !== null);
  if (start < 0) return undefined;
  let end = predicted.length;
  while (end > start && predicted[end - 1] === null) end--;
  const spread = model.memberSpread ? sampleLast(inWindow(model.memberSpread), bucket).map((v) => roundSignificant(v, 3)) : undefined;
  return { start, predicted: predicted.slice(start, end), realized: realized.slice(start, end), ...(spread ? { spread: spread.slice(start, end) } : {}) };
}

/** Each fold's mean attention over the window (results.json `model.folds[].attention`), for the heat map. */
export function attentionOf(strategy: StrategyResult): AttentionPayload | undefined {
  const model = strategy.model;
  const folds = (model?.folds ?? []).flatMap((fold) =>
    fold.attention ? [{ label: `${fold.index + 1}: ${fold.testStartDate} → ${fold.testEndDate}`, weights: fold.attention.map((w) => roundSignificant(w, 3) ?? 0) }] : [],
  );
  return model && folds.length > 0 ? { lookback: model.lookback, folds } : undefined;
}

/** The compact data the page's charts draw (rounded numbers, bucketed when the series is long). */
export function buildChartPayload(results: RunResults): ChartPayload {
  const bars = results.bars;
  const bucket = Math.max(1, Math.ceil(bars.length / MAX_CHART_POINTS));
  const dates: ChartTime[] = [];
  const ohlc: Array<Array<number | null>> = [];
  for (let start = 0; start < bars.length; start += bucket) {
    const group = bars.slice(start, start + bucket);
    let high = -Infinity;
    let low = Infinity;
    for (const bar of group) {
      high = Math.max(high, bar.high);
      low = Math.min(low, bar.low);
    }
    dates.push(chartTime(group[group.length - 1].date));
    ohlc.push([group[0].open, high, low, group[group.length - 1].close].map((v) => roundSignificant(v, 6)));
  }
  const colors = strategyColors(results.strategies);
  const strategies = results.strategies.map((strategy, i): StrategySeries => {
    const aligned = sameBars(strategy, results);
    const values = strategy.equity.map((point) => point.equity);
    const drawdownPct = Array.from(drawdownSeries(values), (d) => d * 100);
    const ownBucket = aligned ? bucket : Math.max(1, Math.ceil(values.length / MAX_CHART_POINTS));
    const spread = (series: ArrayLike<number>) => (aligned ? overAllBars(series, strategy.window.startBar, bars.length) : Array.from(series));
    const round = (digits: number) => (v: number | null) => (v === null ? null : roundSignificant(v, digits));
    return {
      name: strategy.name,
      color: colors[i],
      benchmark: strategy.isBenchmark,
      equity: sampleLast(spread(values), ownBucket).map(round(6)),
      drawdownPct: sampleLast(spread(drawdownPct), ownBucket).map(round(4)),
      ...(aligned ? {} : { equityDates: sampleLast(strategy.equity, ownBucket).map((p) => chartTime(p.date)) }),
      markers: aligned ? markersOf(strategy, bucket) : [],
      ...(aligned ? { forecast: forecastOf(strategy, bucket) } : {}),
      ...(attentionOf(strategy) ? { attention: attentionOf(strategy) } : {}),
    };
  });
  return {
    symbol: results.data.symbol,
    bucket,
    intraday: bars.length > 0 && isIntradayStamp(bars[0].date),
    dates,
    ohlc,
    warmupPoints: Math.floor(results.evaluation.startBar / bucket),
    strategies,
    markerExitReasons: MARKER_EXIT_REASONS,
    trades: tradeRows(results).rows,
  };
}
