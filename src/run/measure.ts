import type { PositionMode } from '../core/position-mode.ts';
import { actionableTargets, exitsNeedAtr, type ExitRules } from '../backtest/exits.ts';
import { simulate, type SimulationSettings } from '../backtest/simulate.ts';
import type { Bar } from '../data/bar.ts';
import { averageTrueRange } from '../features/average-true-range.ts';
import { computeMetrics } from '../metrics/compute-metrics.ts';
import type { WalkForwardReport } from '../walkforward/report-types.ts';
import { computeForecastMetrics } from '../walkforward/forecast-metrics.ts';
import type { EvaluationWindow } from './evaluation-window.ts';
import type { Conventions, StrategyResult } from './results.ts';

/** The part of a StrategyResult that depends on the window it is measured over. */
export type Measured = Pick<StrategyResult, 'window' | 'metrics' | 'trades' | 'openTrade' | 'equity' | 'model'>;

/** The ATR series a strategy's exits measure distances with (over all bars, so each value is causal), or null. */
export function exitsAverageTrueRange(bars: readonly Bar[], exits: ExitRules | null): Float64Array | null {
  return exits && exitsNeedAtr(exits) ? averageTrueRange(bars, exits.atrPeriod) : null;
}

/**
 * Decisions a strategy can act on under its exits: with ATR distances, none before the ATR's
 * warm-up ends (the evaluation window is planned from these).
 */
export function actionableDecisions(bars: readonly Bar[], targetPositions: ArrayLike<number>, exits: ExitRules | null): ArrayLike<number> {
  return actionableTargets(targetPositions, exits, exitsAverageTrueRange(bars, exits));
}

/** The broker settings a run's conventions give one strategy (its mode and exits). */
export function simulationSettings(bars: readonly Bar[], conventions: Conventions, mode: PositionMode, exits: ExitRules | null): SimulationSettings {
  return {
    cash: conventions.initialCash,
    commissionRate: conventions.commissionRate,
    slippageRate: conventions.slippageRate,
    sizing: conventions.sizing,
    sizingFraction: conventions.sizingFraction ?? undefined,
    wholeShares: conventions.wholeShares,
    mode,
    exits,
    averageTrueRange: exitsAverageTrueRange(bars, exits),
  };
}

/**
 * One strategy's decisions run through the broker the conventions describe and measured over
 * `window` only, under its exits: equity, trades, metrics and (for a forecaster) forecast accuracy. Used by a run
 * and again by `compare` when it brings several runs onto one common window.
 */
export function measureOverWindow(
  bars: readonly Bar[],
  targetPositions: ArrayLike<number>,
  model: WalkForwardReport | undefined,
  conventions: Conventions,
  mode: PositionMode,
  window: EvaluationWindow,
  exits: ExitRules | null,
): Measured {
  const simulation = simulate(bars, targetPositions, simulationSettings(bars, conventions, mode, exits), window);
  return {
    window,
    metrics: computeMetrics({
      bars: bars.slice(window.startBar, window.endBar + 1),
      equity: simulation.equity,
      trades: simulation.trades,
      commissionsPaid: simulation.commissionsPaid,
      periodsPerYear: conventions.periodsPerYear,
      riskFreeRate: conventions.riskFreeRate,
    }),
    trades: simulation.trades,
    openTrade: simulation.openTrades[0] ?? null,
    equity: simulation.equity,
    // A forecaster's accuracy is scored over the same window as its trading.
    model: model && { ...model, forecastMetrics: computeForecastMetrics(model.forecasts, model.realized, window.startBar, window.endBar + 1) },
  };
}
