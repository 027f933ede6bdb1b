import type { Bar } from '../data/bar.ts';
import { daysBetweenStamps } from '../data/bar-time.ts';
import type { EquityPoint, Trade } from '../backtest/types.ts';
import { drawdownPeriods, drawdownSeries } from './drawdown.ts';
import { extremes, mean, periodReturns, returnSums } from './returns.ts';
import {
  annualizedGeometricSharpeOf,
  annualizedReturnOf,
  annualizedVolatilityOf,
  calmarRatio,
  compoundAnnualGrowthRate,
  sortinoRatio,
} from './risk-ratios.ts';
import { tradeStats } from './trade-stats.ts';
import type { Metrics } from './types.ts';

export interface MetricsInput {
  /** The bars measured (the evaluation window), aligned with `equity`. */
  bars: readonly Bar[];
  equity: readonly EquityPoint[];
  /** Closed trades only; an open trade at the end is reported on its own. */
  trades: readonly Trade[];
  commissionsPaid: number;
  periodsPerYear: number;
  riskFreeRate: number;
}

/**
 * All risk and trade metrics of one backtest (backtesting.py's definitions, see README). Pure,
 * and linear in the number of bars: no per-bar array is ever spread into arguments.
 */
export function computeMetrics(input: MetricsInput): Metrics {
  const values = input.equity.map((point) => point.equity);
  const returns = periodReturns(values);
  const periods = drawdownPeriods(drawdownSeries(values));
  const maxDrawdown = extremes(periods.map((p) => p.trough)).min; // most negative; Infinity when none
  const sums = returnSums(returns);
  const annualReturn = annualizedReturnOf(sums, input.periodsPerYear);
  const volatility = annualizedVolatilityOf(sums, input.periodsPerYear);
  const first = input.bars[0];
  const last = input.bars[input.bars.length - 1];
  // Calendar time, whole days between dates, fractional between intraday stamps (CAGR uses it).
  const durationDays = daysBetweenStamps(first.date, last.date);
  // Equity at the first close is the starting cash: no order can fill before the next bar's open.
  const initial = values[0];
  const final = values[values.length - 1];
  let exposedBars = 0;
  for (const point of input.equity) if (point.position !== 0) exposedBars++;
  const hasDrawdown = periods.length > 0;

  return {
    start: first.date,
    end: last.date,
    durationDays,
    exposurePct: (exposedBars / input.equity.length) * 100,
    finalEquity: final,
    peakEquity: extremes(values).max,
    totalReturnPct: (final / initial - 1) * 100,
    buyHoldReturnPct: (last.close / first.close - 1) * 100,
    annualReturnPct: annualReturn * 100,
    cagrPct: compoundAnnualGrowthRate(initial, final, durationDays) * 100,
    volatilityPct: volatility * 100,
    sharpe: annualizedGeometricSharpeOf(sums, input.periodsPerYear, input.riskFreeRate),
    sortino: sortinoRatio(returns, input.periodsPerYear, input.riskFreeRate),
    calmar: calmarRatio(annualReturn, hasDrawdown ? maxDrawdown : 0),
    maxDrawdownPct: hasDrawdown ? maxDrawdown * 100 : 0,
    avgDrawdownPct: hasDrawdown ? mean(periods.map((p) => p.trough)) * 100 : 0,
    maxDrawdownDurationBars: hasDrawdown ? extremes(periods.map((p) => p.durationBars)).max : 0,
    avgDrawdownDurationBars: hasDrawdown ? mean(periods.map((p) => p.durationBars)) : 0,
    ...tradeStats(input.trades),
    commissionsPaid: input.commissionsPaid,
  };
}
