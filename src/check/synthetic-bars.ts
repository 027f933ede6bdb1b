// Seeded synthetic bars: random walks (nothing to predict) and a planted causal signal (today's
// volume sets tomorrow's return). The forecaster canaries of `walkforward check` run on them, and
// the tests make their random paths with them (test/helpers/bars.ts re-exports them).
import type { Bar } from '../data/bar.ts';
import { mulberry32 } from '../core/seeded-random.ts';

/** Standard normal draws from a seeded uniform source (Box-Muller). */
export function normalSource(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** `count` ISO dates from `startDate`: every calendar day, or Monday to Friday only. */
export function calendar(count: number, startDate = '2000-01-03', businessDays = false): string[] {
  const dates: string[] = [];
  const day = new Date(`${startDate}T00:00:00Z`);
  while (dates.length < count) {
    const weekday = day.getUTCDay();
    if (!businessDays || (weekday !== 0 && weekday !== 6)) dates.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return dates;
}

export interface PathOptions {
  /** First date (default 2000-01-03). */
  startDate?: string;
  /** Skip weekends (default: one bar per calendar day). */
  businessDays?: boolean;
}

/** Bars from a close path: open = previous close, high/low bracket both by 0.4%, volume as given. */
export function barsFromCloses(closes: readonly number[], volumes: readonly number[] = closes.map(() => 1e6), options: PathOptions = {}): Bar[] {
  const dates = calendar(closes.length, options.startDate, options.businessDays);
  return closes.map((close, k) => {
    const open = k === 0 ? close : closes[k - 1];
    return { date: dates[k], open, high: Math.max(open, close) * 1.004, low: Math.min(open, close) * 0.996, close, volume: volumes[k] };
  });
}

export interface RandomWalkOptions extends PathOptions {
  /** Mean log return per bar (default 0: nothing to predict). */
  drift?: number;
  /** Standard deviation of the log return per bar (default 0.01). */
  volatility?: number;
}

/** A seeded geometric random walk (log returns normal with `drift` and `volatility`), volume log-normal. */
export function randomWalkBars(count: number, seed: number, options: RandomWalkOptions = {}): Bar[] {
  const { drift = 0, volatility = 0.01 } = options;
  const normal = normalSource(seed);
  const closes: number[] = [];
  const volumes: number[] = [];
  let close = 100;
  for (let k = 0; k < count; k++) {
    if (k > 0) close *= Math.exp(drift + volatility * normal());
    closes.push(close);
    volumes.push(Math.round(1e6 * Math.exp(0.3 * normal())));
  }
  return barsFromCloses(closes, volumes, options);
}

/**
 * A planted signal: today's volume encodes tomorrow's log return,
 * r[t+1] = 0.02 * u[t] + small noise with volume[t] = 1e6 * (1 + 0.5 * u[t]), u uniform in [-1, 1].
 */
export function plantedSignalBars(count: number, seed: number): Bar[] {
  const uniform = mulberry32(seed);
  const normal = normalSource(seed + 1);
  const closes: number[] = [];
  const volumes: number[] = [];
  let close = 100;
  let previousU = 0;
  for (let k = 0; k < count; k++) {
    if (k > 0) close *= Math.exp(0.02 * previousU + 0.002 * normal());
    const u = uniform() * 2 - 1;
    closes.push(close);
    volumes.push(Math.round(1e6 * (1 + 0.5 * u)));
    previousU = u;
  }
  return barsFromCloses(closes, volumes);
}
