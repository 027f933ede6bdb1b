// The one place tests make bars: from hand-written prices, or seeded random paths (made by
// src/check/synthetic-bars.ts, which `walkforward check` also runs its forecaster canaries on).
import type { Bar } from '../../src/data/bar.ts';
import { calendar } from '../../src/check/synthetic-bars.ts';

export {
  barsFromCloses,
  calendar,
  normalSource,
  plantedSignalBars,
  randomWalkBars,
  type PathOptions,
  type RandomWalkOptions,
} from '../../src/check/synthetic-bars.ts';

/** Bars from [open, close] pairs on consecutive days from 2020-01-01; high/low span both by 0.5. */
export function barsFromOpenClose(pairs: Array<[number, number]>, startDate = '2020-01-01'): Bar[] {
  const dates = calendar(pairs.length, startDate, false);
  return pairs.map(([open, close], k) => ({ date: dates[k], open, high: Math.max(open, close) + 0.5, low: Math.min(open, close) - 0.5, close, volume: 1000 }));
}

/** Bars from [open, high, low, close] rows on consecutive days from 2020-01-01 (hand-worked intrabar cases). */
export function barsFromOhlc(rows: Array<[number, number, number, number]>, startDate = '2020-01-01'): Bar[] {
  const dates = calendar(rows.length, startDate, false);
  return rows.map(([open, high, low, close], k) => {
    if (!(high >= Math.max(open, close) && low <= Math.min(open, close))) throw new Error(`barsFromOhlc: row ${k} is not a bar`);
    return { date: dates[k], open, high, low, close, volume: 1000 };
  });
}

