import type { Bar } from '../../src/data/bar.ts';
import { mulberry32 } from '../../src/models/seeded-random.ts';

/** Bars from [open, close] pairs on consecutive weekdays from 2020-01-01; high/low span both. */
export function barsFromOpenClose(pairs: Array<[number, number]>, startDate = '2020-01-01'): Bar[] {
  const day = new Date(`${startDate}T00:00:00Z`);
  return pairs.map(([open, close]) => {
    const date = day.toISOString().slice(0, 10);
    day.setUTCDate(day.getUTCDate() + 1);
    return { date, open, high: Math.max(open, close) + 0.5, low: Math.min(open, close) - 0.5, close, volume: 1000 };
  });
}

/** A seeded geometric random walk of `count` daily bars (mulberry32). */
export function randomWalkBars(count: number, seed = 1, startDate = '2015-01-01'): Bar[] {
  const random = mulberry32(seed);

  const bars: Bar[] = [];
  const day = new Date(`${startDate}T00:00:00Z`);
  let close = 100;
  for (let i = 0; i < count; i++) {
    const open = close * (1 + (random() - 0.5) * 0.01);
    close = open * (1 + (random() - 0.5) * 0.04);
    const high = Math.max(open, close) * (1 + random() * 0.01);
    const low = Math.min(open, close) * (1 - random() * 0.01);
    bars.push({ date: day.toISOString().slice(0, 10), open, high, low, close, volume: 1e6 * (0.5 + random()) });
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return bars;
}
