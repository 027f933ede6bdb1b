import { describe, expect, it } from 'vitest';
import { averageTrueRange } from '../../src/features/average-true-range.ts';
import { barsFromOhlc, randomWalkBars } from '../helpers/bars.ts';

describe('averageTrueRange', () => {
  it("is Wilder's ATR with value k on bar k (hand-worked)", () => {
    const bars = barsFromOhlc([[10, 11, 9, 10], [10, 12, 10, 11], [11, 11, 8, 9], [9, 10, 9, 10], [10, 14, 10, 13], [13, 13, 12, 12]]);
    // True ranges from bar 1 (bar 0 has no previous close): 2, 3, 1, 4, 1.
    // Bar 3: mean(2, 3, 1) = 2; bar 4: (2 x 2 + 4) / 3; bar 5: (8/3 x 2 + 1) / 3.
    const atr = Array.from(averageTrueRange(bars, 3));
    expect(atr.slice(0, 3)).toEqual([NaN, NaN, NaN]);
    expect(atr[3]).toBeCloseTo(2, 12);
    expect(atr[4]).toBeCloseTo(8 / 3, 12);
    expect(atr[5]).toBeCloseTo(19 / 9, 12);
  });

  it('is causal: a prefix of the bars gives a prefix of the values, bit for bit', () => {
    const bars = randomWalkBars(300, 5);
    const full = Array.from(averageTrueRange(bars, 14));
    for (const cut of [1, 14, 15, 100, 299]) expect(Array.from(averageTrueRange(bars.slice(0, cut), 14))).toEqual(full.slice(0, cut));
  });
});
