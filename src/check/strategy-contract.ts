import { exitsSchema, type ExitRules } from '../backtest/exits.ts';
import { simulate, type SimulationSettings } from '../backtest/simulate.ts';
import type { PositionMode } from '../core/position-mode.ts';
import { silentProgress } from '../core/progress.ts';
import type { Bar } from '../data/bar.ts';
import { averageTrueRange } from '../features/average-true-range.ts';
import type { StrategyContext, StrategyDefinition } from '../strategy/types.ts';

/**
 * The contract every strategy type passes, built-in or a user's plug-in (`walkforward check`, and
 * test/strategies/contract.test.ts for every registered type):
 * (1) no look-ahead: decisions for bars 0..t are identical when every bar after t is deleted,
 *     checked at many t; and the broker's fills, with and without protective exits, agree over
 *     the kept bars (the ATR and every intrabar fill use nothing after the bar they happen in);
 * (2) determinism: the same seed gives the same decisions;
 * and the output has one target per bar.
 */

/** One decision that differs between two runs that should agree. */
export interface DecisionChange {
  /** The bar whose decision changed, and its date. */
  bar: number;
  date: string;
  /** The decision in the reference run (all bars, or the first of two same-seed runs) and in the other. */
  expected: number;
  actual: number;
  /** For a truncation: how many bars were kept (bars 0..keptBars-1), and the last kept bar's date. */
  keptBars?: number;
  lastKeptDate?: string;
}

export interface ContractCheck {
  /** `output`, `no-look-ahead`, `fills` or `determinism`. */
  name: string;
  passed: boolean;
  /** One line: what was checked, and on failure what changed where. */
  summary: string;
  /** The earliest bar whose decision changed (failed look-ahead and determinism checks). */
  firstChange?: DecisionChange;
}

export interface ContractReport {
  passed: boolean;
  checks: ContractCheck[];
  /** The strategy forecasts (its output carries a walk-forward model report): the canaries apply. */
  forecasts: boolean;
}

export interface ContractOptions {
  bars: readonly Bar[];
  mode: PositionMode;
  /** Bar counts to keep, each a truncation (bars 0..k-1); default `cuts` spread over the bars after the warm-up. */
  cutPoints?: readonly number[];
  /** How many truncations when cutPoints is not given (default 12). */
  cuts?: number;
  /** Seed of every run (the determinism check runs twice with it); default 7. */
  seed?: number;
  /** Run settings a strategy may read besides mode and seed (engine, fused, workers). */
  context?: Partial<Omit<StrategyContext, 'mode' | 'seed'>>;
  /** Protective exits the fills are also checked under; default an ATR bracket with market entries and a fraction bracket with limit entries. */
  exitCases?: readonly ExitRules[];
}

/** Exits that fire often on daily stock bars: ATR and fraction distances, market and limit entries. */
export const CONTRACT_EXIT_CASES: readonly ExitRules[] = [
  exitsSchema.parse({ stopLoss: { atrMultiple: 1.5 }, takeProfit: { fraction: 0.03 }, trailingStop: { atrMultiple: 3 }, maxBars: 15, atrPeriod: 10 }),
  exitsSchema.parse({ entry: 'limit', limitOffset: 0.005, stopLoss: { fraction: 0.02 }, takeProfit: { atrMultiple: 2 }, trailingStop: { fraction: 0.04 }, maxBars: 10 }),
];

/**
 * `count` bar counts to keep, spread evenly from just after the warm-up to all bars but the last
 * (deleting only the last bar catches a strategy that reads the final bar, e.g. to normalise).
 */
export function spreadCutPoints(barCount: number, warmupBars: number, count: number): number[] {
  const first = Math.min(Math.max(warmupBars + 1, 2), barCount - 1);
  const last = barCount - 1;
  if (last <= first) return last >= 1 ? [last] : [];
  const points = new Set<number>();
  for (let i = 0; i < count; i++) points.add(Math.round(first + ((last - first) * (count === 1 ? 1 : i / (count - 1)))));
  return [...points].sort((a, b) => a - b);
}

/** Same decision: equal numbers, or both "no decision yet" (NaN). */
const sameDecision = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** The first bar below `length` whose decisions differ, or -1. */
function firstDifference(expected: ArrayLike<number>, actual: ArrayLike<number>, length: number): number {
  for (let t = 0; t < length; t++) if (!sameDecision(expected[t], actual[t])) return t;
  return -1;
}

const describeDecision = (value: number) => (Number.isNaN(value) ? 'none (NaN)' : String(value));

/** Run the contract on one strategy type with given (parsed) params. */
export async function checkStrategyContract<P>(definition: StrategyDefinition<P>, params: P, options: ContractOptions): Promise<ContractReport> {
  const { bars, mode } = options;
  const seed = options.seed ?? 7;
  const context: StrategyContext = { engine: 'auto', fused: true, workers: 1, progress: silentProgress, ...options.context, seed, mode };
  const decide = async (input: readonly Bar[]) => (await definition.create(params, context).run(input)).targetPositions;
  const checks: ContractCheck[] = [];

  const fullOutput = await definition.create(params, context).run(bars);
  const full = fullOutput.targetPositions;
  const forecasts = fullOutput.model !== undefined;
  if (full.length !== bars.length) {
    checks.push({ name: 'output', passed: false, summary: `run returned ${full.length} target positions for ${bars.length} bars (one per bar)` });
    return { passed: false, checks, forecasts };
  }

  // (1) No look-ahead: delete the future at each cut; no earlier decision may change.
  const cutPoints = options.cutPoints ?? spreadCutPoints(bars.length, definition.warmupBars(params), options.cuts ?? 12);
  const changes: DecisionChange[] = [];
  for (const kept of cutPoints) {
    const truncated = await decide(bars.slice(0, kept));
    const bar = truncated.length === kept ? firstDifference(full, truncated, kept) : Math.min(truncated.length, kept);
    if (bar < 0) continue;
    changes.push({ bar, date: bars[bar].date, expected: full[bar], actual: truncated[bar] ?? Number.NaN, keptBars: kept, lastKeptDate: bars[kept - 1].date });
  }
  const span = cutPoints.length > 0 ? `${cutPoints.length} truncations, keeping ${cutPoints[0]} .. ${cutPoints.at(-1)} of ${bars.length} bars` : 'no truncation fits these bars';
  if (changes.length === 0) {
    checks.push({ name: 'no-look-ahead', passed: cutPoints.length > 0, summary: `${span}: no decision changed` });
  } else {
    const first = changes.reduce((a, b) => (b.bar < a.bar ? b : a));
    checks.push({
      name: 'no-look-ahead',
      passed: false,
      firstChange: first,
      summary:
        `deleting the bars after ${first.lastKeptDate} (keeping ${first.keptBars}) changed the decision at bar ${first.bar} (${first.date}): ` +
        `${describeDecision(first.expected)} with the later bars, ${describeDecision(first.actual)} without them; ` +
        `${changes.length} of ${cutPoints.length} truncations changed a past decision: the strategy uses bars after the one it decides at`,
    });
  }

  // The broker's fills from these decisions, with and without exits, agree over the kept bars.
  const settings: SimulationSettings = { cash: 10_000, commissionRate: 0.001, slippageRate: 0, sizing: 'all-in', wholeShares: true, mode };
  const fillProblems: string[] = [];
  for (const exits of [null, ...(options.exitCases ?? CONTRACT_EXIT_CASES)]) {
    const run = (input: readonly Bar[], targets: ArrayLike<number>) =>
      simulate(input, targets, { ...settings, exits, averageTrueRange: exits ? averageTrueRange(input, exits.atrPeriod) : null });
    const whole = run(bars, full);
    for (const kept of cutPoints) {
      const prefix = run(bars.slice(0, kept), full.subarray(0, kept));
      const sameFills = JSON.stringify(prefix.fills) === JSON.stringify(whole.fills.filter((fill) => fill.bar < kept));
      const sameTrades = JSON.stringify(prefix.trades) === JSON.stringify(whole.trades.filter((trade) => trade.exitBar !== null && trade.exitBar < kept));
      if (!sameFills || !sameTrades) fillProblems.push(`${exits ? 'with exits' : 'without exits'}, keeping ${kept} bars`);
    }
  }
  checks.push({
    name: 'fills',
    passed: fillProblems.length === 0,
    summary: fillProblems.length === 0 ? 'fills and trades over the kept bars agree, with and without protective exits' : `fills differ over the kept bars: ${fillProblems.join('; ')}`,
  });

  // (2) Determinism: a second run with the same seed decides the same on every bar.
  const again = await decide(bars);
  const bar = firstDifference(full, again, bars.length);
  checks.push(
    bar < 0
      ? { name: 'determinism', passed: true, summary: `a second run with seed ${seed}: the same ${bars.length} decisions` }
      : {
          name: 'determinism',
          passed: false,
          firstChange: { bar, date: bars[bar].date, expected: full[bar], actual: again[bar] },
          summary: `two runs with seed ${seed} first differ at bar ${bar} (${bars[bar].date}): ${describeDecision(full[bar])}, then ${describeDecision(again[bar])}; draw any randomness from context.seed`,
        },
  );
  return { passed: checks.every((check) => check.passed), checks, forecasts };
}
