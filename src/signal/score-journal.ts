import { simulate, type SimulationSettings } from '../backtest/simulate.ts';
import type { Bar } from '../data/bar.ts';
import type { JournalEntry } from './journal.ts';

/** The backtest's decisions for one strategy on one symbol's bars, to hold the journal against. */
export interface BacktestDecisions {
  targetPositions: ArrayLike<number>;
  /** Per-bar forecasts (model strategies), NaN where none. */
  forecasts?: ArrayLike<number>;
}

/** How following one strategy's journalled signals on one symbol went, beside the backtest of the same bars. */
export interface JournalScore {
  strategy: string;
  symbol: string;
  /** Journalled bars (the last entry per bar counts) found in the data, and those not found. */
  signals: number;
  unmatched: number;
  firstBarDate: string | null;
  lastBarDate: string | null;
  /** Return of following the signals, from the first signal's close to the last bar's (next-open fills, the config's costs), %. */
  followedReturnPct: number | null;
  /** The backtest's return over the same bars, %. */
  backtestReturnPct: number | null;
  /** Signals with a position whose holding period has begun, and the share of them that moved the position's way. */
  scoredPositions: number;
  hitRatePct: number | null;
  /** Signals whose target position differs from the backtest's at that bar, with their dates (first 10). */
  targetMismatches: number;
  mismatchDates: string[];
  /** Largest |journal forecast - backtest forecast| over the signals (null for rules). */
  maxForecastGap: number | null;
}

/** The last entry per bar date, in bar order: a signal run again for a bar replaces the earlier one. */
function latestPerBar(entries: readonly JournalEntry[]): JournalEntry[] {
  const byBar = new Map<string, JournalEntry>();
  for (const entry of entries) byBar.set(entry.barDate, entry);
  return [...byBar.values()].sort((a, b) => (a.barDate < b.barDate ? -1 : a.barDate > b.barDate ? 1 : 0));
}

function totalReturnPct(bars: readonly Bar[], targets: ArrayLike<number>, settings: SimulationSettings, startBar: number): number {
  const { equity } = simulate(bars, targets, settings, { startBar, endBar: bars.length - 1 });
  return (equity[equity.length - 1].equity / equity[0].equity - 1) * 100;
}

/**
 * Score a strategy's journal on one symbol against bars that arrived later: the target of each
 * signal is held until the next signal (a day without a run keeps the position), filled at the
 * next open through the broker settings (the config's costs); a position is a hit when the price
 * moved its way from its fill (the next open) to the next signal's fill (or the last close).
 * The same bars' backtest decisions give the gap: the return of following them, the signals whose
 * target differs, and the largest forecast difference.
 */
export function scoreJournal(
  entries: readonly JournalEntry[],
  bars: readonly Bar[],
  backtest: BacktestDecisions,
  settings: SimulationSettings,
  identity: { strategy: string; symbol: string },
): JournalScore {
  const indexOf = new Map(bars.map((bar, index) => [bar.date, index]));
  const signals = latestPerBar(entries.filter((entry) => entry.strategy === identity.strategy && entry.symbol === identity.symbol));
  const matched = signals.flatMap((entry) => {
    const bar = indexOf.get(entry.barDate);
    return bar === undefined ? [] : [{ entry, bar }];
  });
  const empty: JournalScore = {
    ...identity,
    signals: matched.length,
    unmatched: signals.length - matched.length,
    firstBarDate: null,
    lastBarDate: null,
    followedReturnPct: null,
    backtestReturnPct: null,
    scoredPositions: 0,
    hitRatePct: null,
    targetMismatches: 0,
    mismatchDates: [],
    maxForecastGap: null,
  };
  if (matched.length === 0) return empty;
  const firstBar = matched[0].bar;
  const followed = new Float64Array(bars.length).fill(Number.NaN);
  matched.forEach(({ entry, bar }, i) => {
    const until = i + 1 < matched.length ? matched[i + 1].bar : bars.length;
    followed.fill(entry.targetPosition ?? 0, bar, until);
  });
  let hits = 0;
  let scored = 0;
  const mismatchDates: string[] = [];
  let mismatches = 0;
  let maxForecastGap: number | null = null;
  matched.forEach(({ entry, bar }, i) => {
    const target = entry.targetPosition ?? 0;
    const fill = bar + 1;
    if (target !== 0 && fill < bars.length) {
      const next = i + 1 < matched.length ? matched[i + 1].bar + 1 : bars.length;
      const exitPrice = next < bars.length ? bars[next].open : bars[bars.length - 1].close;
      const move = exitPrice - bars[fill].open;
      scored++;
      if (Math.sign(move) === Math.sign(target)) hits++;
    }
    const expected = backtest.targetPositions[bar];
    const expectedTarget = Number.isFinite(expected) ? expected : 0;
    if (expectedTarget !== target) {
      mismatches++;
      if (mismatchDates.length < 10) mismatchDates.push(entry.barDate);
    }
    const backtestForecast = backtest.forecasts?.[bar];
    if (entry.forecast !== null && backtestForecast !== undefined && Number.isFinite(backtestForecast)) {
      const gap = Math.abs(entry.forecast - backtestForecast);
      maxForecastGap = Math.max(maxForecastGap ?? 0, gap);
    }
  });
  const backtestTargets = Float64Array.from({ length: bars.length }, (_, k) => (k >= firstBar ? backtest.targetPositions[k] : Number.NaN));
  return {
    ...empty,
    firstBarDate: bars[firstBar].date,
    lastBarDate: matched[matched.length - 1].entry.barDate,
    followedReturnPct: totalReturnPct(bars, followed, settings, firstBar),
    backtestReturnPct: totalReturnPct(bars, backtestTargets, settings, firstBar),
    scoredPositions: scored,
    hitRatePct: scored > 0 ? (hits / scored) * 100 : null,
    targetMismatches: mismatches,
    mismatchDates,
    maxForecastGap,
  };
}
