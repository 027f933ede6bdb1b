import { describe, expect, it } from 'vitest';
import { chooseTrials, planRefits, stitchTargets } from '../../src/sweep/walk-forward-selection.ts';

/** Score of a trial over bars [from, to]: the sum of its per-bar gains there. */
const summedGains = (gains: number[][]) => (trial: number, from: number, to: number) => {
  let sum = 0;
  for (let t = from; t <= to; t++) sum += gains[trial][t];
  return sum;
};

describe('walk-forward optimization', () => {
  it('plans refits: the first after trainBars, then every testBars; expanding from the window start, rolling over the last trainBars', () => {
    const expanding = planRefits({ startBar: 10, endBar: 59 }, { trainBars: 20, testBars: 15, scheme: 'expanding' });
    expect(expanding).toEqual([
      { refitBar: 30, selectFrom: 10, tradeTo: 44 },
      { refitBar: 45, selectFrom: 10, tradeTo: 59 },
    ]);
    const rolling = planRefits({ startBar: 10, endBar: 59 }, { trainBars: 20, testBars: 15, scheme: 'rolling' });
    expect(rolling.map((r) => r.selectFrom)).toEqual([10, 25]);
    expect(planRefits({ startBar: 0, endBar: 20 }, { trainBars: 20, testBars: 5, scheme: 'expanding' })).toEqual([]);
  });

  it('chooses on the past only: no score ever looks past its refit bar', () => {
    const refits = planRefits({ startBar: 0, endBar: 999 }, { trainBars: 100, testBars: 50, scheme: 'rolling' });
    const asked: Array<[number, number, number]> = [];
    chooseTrials(refits, 3, (trial, from, to) => {
      asked.push([trial, from, to]);
      return 0;
    });
    expect(asked).toHaveLength(refits.length * 3);
    refits.forEach((refit, k) => {
      for (const [, from, to] of asked.slice(3 * k, 3 * k + 3)) {
        expect(to).toBe(refit.refitBar);
        expect(from).toBe(refit.refitBar - 100);
      }
    });
    // Changing every bar after a refit point changes no choice made at or before it.
    const gains = [0, 1, 2].map((trial) => Array.from({ length: 1000 }, (_, t) => Math.sin(t * (trial + 1))));
    const before = chooseTrials(refits, 3, summedGains(gains));
    const cut = refits[5].refitBar;
    const altered = gains.map((row, trial) => row.map((g, t) => (t > cut ? (trial === 2 ? 100 : -100) : g)));
    const after = chooseTrials(refits, 3, summedGains(altered));
    expect(after.slice(0, 6)).toEqual(before.slice(0, 6));
    expect(after.slice(6).every((choice) => choice === 2)).toBe(true);
  });

  it('follows a regime change: a rolling choice switches soon after it, an expanding one only once the new regime outweighs the old', () => {
    // Trial 0 gains 1 per bar before bar 500 and loses 1 after; trial 1 the opposite.
    const gains = [Array.from({ length: 1000 }, (_, t) => (t < 500 ? 1 : -1)), Array.from({ length: 1000 }, (_, t) => (t < 500 ? -1 : 1))];
    const window = { startBar: 0, endBar: 999 };
    const rolling = planRefits(window, { trainBars: 100, testBars: 100, scheme: 'rolling' });
    expect(chooseTrials(rolling, 2, summedGains(gains))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const expanding = planRefits(window, { trainBars: 100, testBars: 100, scheme: 'expanding' });
    // Expanding at bar 900: trial 0 has 500 - 400 = 100 > trial 1's -100; it never catches up here.
    expect(chooseTrials(expanding, 2, summedGains(gains))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('stitches the chosen trials\' own targets over their bars, flat before the first choice, shorts only where the trial may short', () => {
    const refits = planRefits({ startBar: 2, endBar: 9 }, { trainBars: 2, testBars: 3, scheme: 'expanding' });
    expect(refits.map((r) => [r.refitBar, r.tradeTo])).toEqual([[4, 6], [7, 9]]);
    const targets = [new Float64Array(10).fill(1), new Float64Array(10).fill(-1)];
    const stitched = stitchTargets(refits, [0, 1], (trial) => targets[trial], (trial) => (trial === 1 ? 'long-only' : 'long-short'), 10);
    expect(Array.from(stitched)).toEqual([NaN, NaN, NaN, NaN, 1, 1, 1, 0, 0, 0]);
    const shorting = stitchTargets(refits, [0, 1], (trial) => targets[trial], () => 'long-short', 10);
    expect(Array.from(shorting.subarray(4))).toEqual([1, 1, 1, -1, -1, -1]);
  });
});
