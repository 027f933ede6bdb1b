import { differenceInCalendarDays, parseISO } from 'date-fns';
import type { Bar } from '../data/bar.ts';
import type { EquityPoint, Trade } from '../backtest/types.ts';
import { drawdownPeriods, drawdownSeries } from './drawdown.ts';
import { mean, periodReturns } from './returns.ts';
import {
  annualizedReturn,
  annualizedVolatility,
  calmarRatio,
  compoundAnnualGrowthRate,
  sharpeRatio,
  sortinoRatio,
} from './risk-ratios.ts';
import { tradeStats } from './trade-stats.ts';
import type { Metrics } from './types.ts';

export interface MetricsInput {
  bars: readonly Bar[];
  equity: readonly EquityPoint[];
  /** Closed trades only; an open trade at the end is reported on its own. */
  trades: readonly Trade[];
  commissionsPaid: number;
  periodsPerYear: number;
  riskFreeRate: number;
}

/** All risk and trade metrics of one backtest (backtesting.py's definitions, see README). */
export function computeMetrics(input: MetricsInput): Metrics {
  const values = input.equity.map((point) => point.equity);
  const returns = periodReturns(values);
  const drawdown = drawdownSeries(values);
  const periods = drawdownPeriods(drawdown);
  const maxDrawdown = periods.length ? Math.max(...periods.map((p) => p.depth)) : 0;
  const annualReturn = annualizedReturn(returns, input.periodsPerYear);
  const volatility = annualizedVolatility(returns, input.periodsPerYear);
  const first = input.bars[0];
  const last = input.bars[input.bars.length - 1];
  const durationDays = differenceInCalendarDays(parseISO(last.date), parseISO(first.date));
  // Equity at the first close is the starting cash: no order can fill before bar 1's open.
  const initial = values[0];
  const final = values[values.length - 1];
  const exposedBars = input.equity.filter((point) => point.position !== 0).length;

  return {
    start: first.date,
    end: last.date,
    durationDays,
    exposurePct: (exposedBars / input.equity.length) * 100,
    finalEquity: final,
    peakEquity: Math.max(...values),
    totalReturnPct: (final / initial - 1) * 100,
    buyHoldReturnPct: (last.close / first.close - 1) * 100,
    annualReturnPct: annualReturn * 100,
    cagrPct: compoundAnnualGrowthRate(initial, final, durationDays) * 100,
    volatilityPct: volatility * 100,
    sharpe: sharpeRatio(returns, input.periodsPerYear, input.riskFreeRate),
    sortino: sortinoRatio(returns, input.periodsPerYear, input.riskFreeRate),
    calmar: calmarRatio(annualReturn, maxDrawdown),
    maxDrawdownPct: -maxDrawdown * 100,
    avgDrawdownPct: periods.length ? -mean(periods.map((p) => p.depth)) * 100 : 0,
    maxDrawdownDurationBars: periods.length ? Math.max(...periods.map((p) => p.durationBars)) : 0,
    avgDrawdownDurationBars: periods.length ? mean(periods.map((p) => p.durationBars)) : 0,
    ...tradeStats(input.trades),
    commissionsPaid: input.commissionsPaid,
  };
}
