import type { Bar } from '../src/data/bar.ts';
import { mulberry32 } from '../src/models/seeded-random.ts';

/** Standard normal draws from a seeded uniform source (Box-Muller). */
export function normalSource(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Consecutive calendar dates from 2000-01-03, one per bar (weekends do not matter here). */
export function dateOf(index: number): string {
  return new Date(Date.UTC(2000, 0, 3) + index * 86_400_000).toISOString().slice(0, 10);
}

/** Bars from a close path: open = previous close, high/low bracket both, volume as given. */
export function barsFromCloses(closes: readonly number[], volumes: readonly number[]): Bar[] {
  return closes.map((close, k) => {
    const open = k === 0 ? close : closes[k - 1];
    return {
      date: dateOf(k),
      open,
      high: Math.max(open, close) * 1.004,
      low: Math.min(open, close) * 0.996,
      close,
      volume: volumes[k],
    };
  });
}

/** A seeded geometric random walk with 1% daily volatility and no drift: nothing to predict. */
export function randomWalkBars(count: number, seed: number): Bar[] {
  const normal = normalSource(seed);
  const closes: number[] = [];
  const volumes: number[] = [];
  let close = 100;
  for (let k = 0; k < count; k++) {
    if (k > 0) close *= Math.exp(0.01 * normal());
    closes.push(close);
    volumes.push(Math.round(1e6 * Math.exp(0.3 * normal())));
  }
  return barsFromCloses(closes, volumes);
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
