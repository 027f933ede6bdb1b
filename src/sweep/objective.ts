import type { Metrics } from '../metrics/types.ts';

/** The numeric keys of Metrics: what a sweep may rank trials by. */
export type ObjectiveKey = { [K in keyof Metrics]: Metrics[K] extends number ? K : never }[keyof Metrics];

export const OBJECTIVE_KEYS = [
  'finalEquity', 'peakEquity', 'totalReturnPct', 'buyHoldReturnPct', 'annualReturnPct', 'cagrPct', 'volatilityPct',
  'sharpe', 'sortino', 'calmar', 'maxDrawdownPct', 'avgDrawdownPct', 'maxDrawdownDurationBars', 'avgDrawdownDurationBars',
  'exposurePct', 'durationDays', 'trades', 'winRatePct', 'bestTradePct', 'worstTradePct', 'avgTradePct',
  'maxTradeDurationBars', 'avgTradeDurationBars', 'profitFactor', 'expectancyPct', 'sqn', 'commissionsPaid',
] as const satisfies readonly ObjectiveKey[];

// Fails to compile when Metrics gains a numeric key this list lacks.
type Missing = Exclude<ObjectiveKey, (typeof OBJECTIVE_KEYS)[number]>;
const everyKeyListed: [Missing] extends [never] ? true : Missing = true;
void everyKeyListed;

export type Direction = 'maximize' | 'minimize';

/** Keys where less is better (drawdowns are negative percentages, so larger is better there too). */
const SMALLER_IS_BETTER: ReadonlySet<ObjectiveKey> = new Set([
  'volatilityPct', 'maxDrawdownDurationBars', 'avgDrawdownDurationBars', 'commissionsPaid',
]);

export function defaultDirection(key: ObjectiveKey): Direction {
  return SMALLER_IS_BETTER.has(key) ? 'minimize' : 'maximize';
}

export interface Objective {
  key: ObjectiveKey;
  direction: Direction;
}

/**
 * A score where larger is always better (the objective, negated when minimized); NaN (no trades,
 * a flat account) ranks below every number.
 */
export function score(objective: Objective, value: number): number {
  if (!Number.isFinite(value)) return -Infinity;
  return objective.direction === 'maximize' ? value : -value;
}

/** Indices of `values` from best to worst under the objective; ties keep index order. */
export function rankOrder(objective: Objective, values: readonly number[]): number[] {
  const scores = values.map((value) => score(objective, value));
  return values.map((_, i) => i).sort((a, b) => (scores[b] === scores[a] ? a - b : scores[b] > scores[a] ? 1 : -1));
}
