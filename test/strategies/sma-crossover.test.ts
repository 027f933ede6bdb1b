import { SMA } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/core/progress.ts';
import type { Bar } from '../../src/data/bar.ts';
import { loadCsvSeries } from '../../src/data/load-csv.ts';
import { padFront } from '../../src/features/pad-front.ts';
import { simpleMovingAverage } from '../../src/features/sma.ts';
import type { StrategyContext } from '../../src/strategy/types.ts';
import { smaCrossover } from '../../strategies/sma-crossover.ts';
import { barsFromCloses, randomWalkBars } from '../helpers/bars.ts';

const context = (mode: 'long-only' | 'long-short'): StrategyContext => ({
  seed: 1, mode, engine: 'auto', fused: true, workers: 1, progress: silentProgress,
});
async function targets(bars: readonly Bar[], fast: number, slow: number, mode: 'long-only' | 'long-short' = 'long-short') {
  const strategy = smaCrossover.create(smaCrossover.params.parse({ fast, slow }), context(mode));
  return Array.from((await strategy.run(bars)).targetPositions);
}
const trades = (positions: number[]) => positions.filter((p, t) => t > 0 && !Number.isNaN(positions[t - 1]) && p !== positions[t - 1]).length;
const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * The code before this change, kept here to show what it did: technicalindicators' running-sum
 * SMA, and a position that changes when the comparison flips between two bars.
 */
function oldTargets(closes: number[], fast: number, slow: number): number[] {
  const fastSma = padFront(SMA.calculate({ period: fast, values: closes }), closes.length);
  const slowSma = padFront(SMA.calculate({ period: slow, values: closes }), closes.length);
  const out = new Array<number>(closes.length).fill(NaN);
  let position = NaN;
  for (let t = 1; t < closes.length; t++) {
    if (Number.isFinite(slowSma[t - 1]) && Number.isFinite(fastSma[t - 1])) {
      if (Number.isNaN(position)) position = 0;
      if (fastSma[t] > slowSma[t] && !(fastSma[t - 1] > slowSma[t - 1])) position = 1;
      else if (fastSma[t] < slowSma[t] && !(fastSma[t - 1] < slowSma[t - 1])) position = -1;
    }
    out[t] = position;
  }
  return out;
}

/** Cents prices: a long noisy stretch below `price` (the running sum drifts), a rise, a flat top at `price`, a rise again. */
function riseFlatRise(price: number): number[] {
  const noise = randomWalkBars(600, 3).map((bar) => cents((bar.close * price * 0.7) / 100));
  const start = noise[noise.length - 1];
  const rise = (from: number, to: number, n: number) => Array.from({ length: n }, (_, k) => cents(from + ((to - from) * (k + 1)) / n));
  return [...noise, ...rise(start, price, 40), ...Array(30).fill(price), ...rise(price, price * 1.2, 20)];
}

describe('sma-crossover: a cross is strictly passing from one side to the other', () => {
  it('exact ties on a flat top (fast == slow for many bars) are touching: no trade; the old code traded on rounding noise', async () => {
    const fast = 5;
    const slow = 20;
    let oldCodeTraded = 0;
    for (const price of [10.07, 12.34, 33.33, 47.11, 99.99, 101.01, 250.45, 1234.56]) {
      const closes = riseFlatRise(price);
      const flatEnd = 600 + 40 + 30;
      const bars = barsFromCloses(closes);
      const positions = await targets(bars, fast, slow);
      // Over the flat top, once both windows are inside it, the two averages are equal.
      const fastSma = simpleMovingAverage(closes, fast);
      const slowSma = simpleMovingAverage(closes, slow);
      for (let t = flatEnd - 10; t < flatEnd; t++) expect(fastSma[t]).toBe(slowSma[t]);
      // Long from the rise, through the flat top, into the second rise: not one trade there.
      expect(positions.slice(600 + 40 - 5)).toEqual(Array(positions.length - 635).fill(1));
      // technicalindicators' averages differ by ~1e-14 on the flat top, in either direction.
      const old = oldTargets(closes, fast, slow);
      if (trades(old.slice(600 + 40 - 5)) > 0) oldCodeTraded++;
    }
    // It traded twice (out and back in) on the flat top for 5 of these 8 prices.
    expect(oldCodeTraded).toBeGreaterThan(0);
  });

  it('above -> equal -> below trades at the first bar strictly below, not at the touch', async () => {
    // fast 2, slow 4. Rising, then flat at 10 (equal averages), then falling.
    const closes = [6, 7, 8, 9, 10, 10, 10, 10, 10, 10, 9, 8];
    const fast2 = [NaN, 6.5, 7.5, 8.5, 9.5, 10, 10, 10, 10, 10, 9.5, 8.5];
    const slow4 = [NaN, NaN, NaN, 7.5, 8.5, 9.25, 9.75, 10, 10, 10, 9.75, 9.25];
    expect(Array.from(simpleMovingAverage(closes, 2))).toEqual(fast2);
    expect(Array.from(simpleMovingAverage(closes, 4))).toEqual(slow4);
    const bars = barsFromCloses(closes);
    expect(await targets(bars, 2, 4)).toEqual([NaN, NaN, NaN, NaN, 1, 1, 1, 1, 1, 1, -1, -1]);
    expect(await targets(bars, 2, 4, 'long-only')).toEqual([NaN, NaN, NaN, NaN, 1, 1, 1, 1, 1, 1, 0, 0]);
  });

  it('at the first bar with both averages it takes their side, flat on a tie; the first decision is at bar slow', async () => {
    // slow 4: both averages exist from bar 3, decisions from bar 4 (warmupBars).
    expect(smaCrossover.warmupBars({ fast: 2, slow: 4 })).toBe(4);
    // Below from bar 3 on: short from the first decision.
    expect(await targets(barsFromCloses([5, 4, 3, 2, 1, 1]), 2, 4)).toEqual([NaN, NaN, NaN, NaN, -1, -1]);
    // Tied at bars 3 and 4: flat until the fast average moves above at bar 5.
    expect(await targets(barsFromCloses([3, 3, 3, 3, 3, 4, 3, 2]), 2, 4)).toEqual([NaN, NaN, NaN, NaN, 0, 1, 1, -1]);
    // Above at bar 3 (3.5 vs 2.5), tied at bar 4 (3 vs 3): the side of bar 3 holds; below at bar 5.
    expect(await targets(barsFromCloses([1, 2, 4, 3, 3, 3]), 2, 4)).toEqual([NaN, NaN, NaN, NaN, 1, -1]);
  });
});

describe('sma-crossover: decisions from bar t depend only on the last slow bars', () => {
  const series: Array<[string, number[]]> = [
    ['GOOG closes', loadCsvSeries('data/GOOG.csv').bars.slice(0, 900).map((bar) => bar.close)],
    ['cents random walk with flat stretches', randomWalkBars(900, 21).map((bar, k) => cents(k % 97 < 15 ? 50 : bar.close))],
  ];
  for (const [name, closes] of series) {
    it(`${name}: data cut to start k >= slow bars before t gives identical targets from t on`, async () => {
      const [fast, slow] = [10, 30];
      const bars = barsFromCloses(closes);
      for (const mode of ['long-only', 'long-short'] as const) {
        const full = await targets(bars, fast, slow, mode);
        for (const t of [200, 333, 500, 777]) {
          for (const k of [slow, slow + 1, slow + 17, 150]) {
            const cut = await targets(bars.slice(t - k), fast, slow, mode);
            expect(cut.slice(k), `${mode} t=${t} k=${k}`).toEqual(full.slice(t));
          }
        }
      }
    });
  }
});
