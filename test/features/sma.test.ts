import { SMA } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { padFront } from '../../src/features/pad-front.ts';
import { simpleMovingAverage } from '../../src/features/sma.ts';
import { randomWalkBars } from '../helpers/bars.ts';

/** technicalindicators' running-sum SMA, aligned like ours (what the code used before). */
const runningSumSma = (values: number[], period: number) => padFront(SMA.calculate({ period, values }), values.length);

/** A decline, then a flat stretch at `price`: every window inside the stretch averages `price` exactly. */
function declineThenFlat(price: number, declineBars = 120, flatBars = 200): number[] {
  return [...Array.from({ length: declineBars }, (_, k) => Math.round((price * 1.5 - (price * 0.5 * k) / declineBars) * 100) / 100), ...Array(flatBars).fill(price)];
}

describe('simpleMovingAverage', () => {
  it('is the window mean, aligned with the input, NaN over the warm-up', () => {
    const closes = randomWalkBars(300, 5).map((bar) => bar.close);
    for (const period of [1, 2, 10, 30, 300]) {
      const sma = simpleMovingAverage(closes, period);
      expect(sma).toHaveLength(closes.length);
      if (period > 1) expect(sma[period - 2]).toBeNaN();
      for (const k of [period - 1, Math.min(period + 17, 299), 299]) {
        const window = closes.slice(k - period + 1, k + 1);
        expect(sma[k]).toBeCloseTo(window.reduce((a, b) => a + b, 0) / period, 11);
      }
    }
    expect(Array.from(simpleMovingAverage([1, 2], 3))).toEqual([NaN, NaN]);
    expect(() => simpleMovingAverage([1, 2], 0)).toThrow(RangeError);
  });

  it('a flat stretch averages to its price exactly, for every period (the running sum drifts off it)', () => {
    let runningSumMisses = 0;
    for (const price of [0.01, 0.07, 1.1, 10.07, 33.33, 99.99, 1234.56]) {
      const closes = declineThenFlat(price);
      for (const period of [2, 3, 5, 10, 20, 29, 30, 50, 57]) {
        const sma = simpleMovingAverage(closes, period);
        for (let k = 120 + period - 1; k < closes.length; k++) expect(sma[k]).toBe(price);
        const old = runningSumSma(closes, period);
        if (old[closes.length - 1] !== price) runningSumMisses++;
      }
    }
    // Most of these 63 cases end a few ulps off the price with the running sum.
    expect(runningSumMisses).toBeGreaterThan(30);
  });

  it('equal windows give equal averages wherever they occur', () => {
    // Cents prices repeating every 37 bars after a long random stretch (drift builds up there).
    const noise = randomWalkBars(2000, 9).map((bar) => Math.round(bar.close * 100) / 100);
    const cycle = Array.from({ length: 37 }, (_, k) => Math.round(5000 + 1000 * Math.sin(k * 0.9)) / 100);
    const closes = [...noise, ...Array.from({ length: 400 }, (_, k) => cycle[k % 37])];
    const sma = simpleMovingAverage(closes, 10);
    for (let k = 2009; k + 37 < closes.length; k++) expect(sma[k + 37]).toBe(sma[k]);
    // The sum is of the window alone: the same window after a different history, same value.
    const alone = simpleMovingAverage(closes.slice(2100), 10);
    expect(alone[50]).toBe(sma[2150]);
    // The running sum gets neither right.
    const old = runningSumSma(closes, 10);
    expect(old[2150 + 37]).not.toBe(old[2150]);
    expect(runningSumSma(closes.slice(2100), 10)[50]).not.toBe(old[2150]);
  });

  it('stays exact where a pair of doubles cannot hold the sum (values 2^100 apart)', () => {
    const values = Array.from({ length: 60 }, (_, k) => (k % 7 === 0 ? 1e30 : (k + 1) * 1e-3));
    const sma = simpleMovingAverage(values, 5);
    for (let k = 4; k + 7 < values.length; k++) {
      // Windows k and k + 7 hold the same large values and different small ones.
      const naive = values.slice(k - 4, k + 1).reduce((a, b) => a + b, 0) / 5;
      expect(sma[k]).toBeCloseTo(naive, -14);
    }
    const repeated = Array.from({ length: 40 }, (_, k) => (k % 4 === 0 ? 1e30 : 1e-30));
    const sma4 = simpleMovingAverage(repeated, 4);
    for (let k = 3; k + 4 < repeated.length; k++) expect(sma4[k + 4]).toBe(sma4[k]);
  });
});
