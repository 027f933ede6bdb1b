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
  /** Equity per chart point (aligned with `dates`), or with `equityDates` when the strategy ran on other bars. */
  equity: Array<number | null>;
  equityDates?: string[];
  /** Flat [pointIndex, side] pairs: side 1 = buy, -1 = sell. Empty when the strategy ran on other bars. */
  markers: number[];
  /** Out-of-sample forecasts: from point `start`, predicted and realized per point. */
  forecast?: { start: number; predicted: Array<number | null>; realized: Array<number | null> };
}

export interface ChartPayload {
  symbol: string;
  /** Bars per chart point (1 unless the series is long). */
  bucket: number;
  /** Date of each chart point (its bucket's last bar). */
  dates: string[];
  /** [open, high, low, close] per chart point. */
  ohlc: Array<Array<number | null>>;
  strategies: StrategySeries[];
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

function sameBars(strategy: StrategyResult, results: RunResults): boolean {
  const { equity } = strategy;
  const { bars } = results;
  return (
    strategy.symbol === results.data.symbol &&
    equity.length === bars.length &&
    equity.length > 0 &&
    equity[0].date === bars[0].date &&
    equity[equity.length - 1].date === bars[bars.length - 1].date
  );
}

function markersOf(strategy: StrategyResult, bucket: number): number[] {
  const events: Array<[number, number]> = [];
  const trades = strategy.openTrade ? [...strategy.trades, strategy.openTrade] : strategy.trades;
  for (const trade of trades) {
    events.push([Math.floor(trade.entryBar / bucket), trade.direction]);
    if (trade.exitBar !== null && !trade.open) events.push([Math.floor(trade.exitBar / bucket), -trade.direction]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return events.flat();
}

function forecastOf(strategy: StrategyResult, bucket: number): StrategySeries['forecast'] {
  const model = strategy.model;
  if (!model?.forecasts?.length) return undefined;
  // Three significant digits are plenty for a chart of returns.
  const predicted = sampleLast(model.forecasts, bucket).map((v) => roundSignificant(v as number, 3));
  const realized = sampleLast(model.realized ?? [], bucket).map((v) => roundSignificant(v as number, 3));
  const start = predicted.findIndex((v) => v !== null);
  if (start < 0) return undefined;
  let end = predicted.length;
  while (end > start && predicted[end - 1] === null) end--;
  return { start, predicted: predicted.slice(start, end), realized: realized.slice(start, end) };
}

/** The compact data the page's charts draw (rounded numbers, bucketed when the series is long). */
export function buildChartPayload(results: RunResults): ChartPayload {
  const bars = results.bars;
  const bucket = Math.max(1, Math.ceil(bars.length / MAX_CHART_POINTS));
  const dates: string[] = [];
  const ohlc: Array<Array<number | null>> = [];
  for (let start = 0; start < bars.length; start += bucket) {
    const group = bars.slice(start, start + bucket);
    let high = -Infinity;
    let low = Infinity;
    for (const bar of group) {
      high = Math.max(high, bar.high);
      low = Math.min(low, bar.low);
    }
    dates.push(group[group.length - 1].date);
    ohlc.push([group[0].open, high, low, group[group.length - 1].close].map((v) => roundSignificant(v, 6)));
  }
  const colors = strategyColors(results.strategies);
  const strategies = results.strategies.map((strategy, i): StrategySeries => {
    const aligned = sameBars(strategy, results);
    const ownBucket = aligned ? bucket : Math.max(1, Math.ceil(strategy.equity.length / MAX_CHART_POINTS));
    const points = sampleLast(strategy.equity, ownBucket);
    return {
      name: strategy.name,
      color: colors[i],
      benchmark: strategy.isBenchmark,
      equity: points.map((p) => roundSignificant(p.equity, 6)),
      ...(aligned ? {} : { equityDates: points.map((p) => p.date) }),
      markers: aligned ? markersOf(strategy, bucket) : [],
      ...(aligned ? { forecast: forecastOf(strategy, bucket) } : {}),
    };
  });
  return { symbol: results.data.symbol, bucket, dates, ohlc, strategies, trades: tradeRows(results).rows };
}
