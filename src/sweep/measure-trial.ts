import type { StrategyEntry } from '../config/schema.ts';
import type { Bar } from '../data/bar.ts';
import { computeMetrics } from '../metrics/compute-metrics.ts';
import { equityReturns } from '../metrics/statistics.ts';
import type { Metrics } from '../metrics/types.ts';
import type { EvaluationWindow } from '../run/evaluation-window.ts';
import { measureOverWindow, type Measured } from '../run/measure.ts';
import type { Conventions } from '../run/results.ts';
import { computeForecastMetrics, type ForecastMetrics } from '../walkforward/forecast-metrics.ts';
import { fromJsonNumbers, type TrialDecision } from './trial-job.ts';

export interface MeasuredTrial extends Pick<Measured, 'metrics' | 'equity' | 'trades'> {
  /** Close-to-close returns of the equity over the window (one fewer than its bars). */
  returns: Float64Array;
  /** A forecaster's accuracy over the window. */
  forecastMetrics?: ForecastMetrics;
}

/**
 * A trial's (or reference's) decisions through the run's broker over the sweep's window: the
 * same simulation and metrics as `backtest` (src/run/measure.ts), so a trial's figures are the
 * figures a backtest of its params would show over that window, its exits included.
 */
export function measureTrial(
  bars: readonly Bar[],
  decision: TrialDecision,
  conventions: Conventions,
  strategy: Pick<StrategyEntry, 'mode' | 'exits'>,
  window: EvaluationWindow,
): MeasuredTrial {
  const measured = measureOverWindow(bars, fromJsonNumbers(decision.targetPositions), undefined, conventions, strategy.mode, window, strategy.exits ?? null);
  const forecast = decision.forecast;
  return {
    metrics: measured.metrics,
    equity: measured.equity,
    trades: measured.trades,
    returns: equityReturns(measured.equity),
    ...(forecast
      ? { forecastMetrics: computeForecastMetrics(fromJsonNumbers(forecast.forecasts), fromJsonNumbers(forecast.realized), window.startBar, window.endBar + 1) }
      : {}),
  };
}

/**
 * A measured trial's track record over bars [fromBar, toBar] of its window: its metrics as the
 * sweep's own run traded those bars, equity rebased to the initial cash at fromBar, counting the
 * trades opened and closed inside the span. From the window's first bar this is exactly the
 * trial's backtest up to toBar (the broker is causal), but for the commissions of trades still
 * open at toBar. It reads nothing after toBar, so walk-forward choices made on it use the past only.
 */
export function trackRecordMetrics(bars: readonly Bar[], measured: MeasuredTrial, fromBar: number, toBar: number, conventions: Conventions): Metrics {
  const first = measured.equity[0].bar;
  const span = measured.equity.slice(fromBar - first, toBar - first + 1);
  const scale = conventions.initialCash / span[0].equity;
  const equity = scale === 1 ? span : span.map((point) => ({ ...point, equity: point.equity * scale, cash: point.cash * scale }));
  const trades = measured.trades.filter((trade) => trade.entryBar >= fromBar && trade.exitBar !== null && trade.exitBar <= toBar);
  return computeMetrics({
    bars: bars.slice(fromBar, toBar + 1),
    equity,
    trades,
    commissionsPaid: trades.reduce((sum, trade) => sum + trade.commission, 0),
    periodsPerYear: conventions.periodsPerYear,
    riskFreeRate: conventions.riskFreeRate,
  });
}
