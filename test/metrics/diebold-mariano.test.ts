import { describe, expect, it } from 'vitest';
import { dieboldMariano } from '../../src/metrics/diebold-mariano.ts';

describe('dieboldMariano (squared errors, Harvey-Leybourne-Newbold correction)', () => {
  // errorsA^2 - errorsB^2 = d = [1, -1, 2, 0, 3] (hand-worked below).
  const errorsA = [1, 0, 2, 1, 2];
  const errorsB = [0, 1, Math.SQRT2, 1, 1];

  it('matches the hand-worked h = 1 case', () => {
    // mean d = 1; deviations 0 -2 1 -1 2; gamma0 = 10/5 = 2; DM = 1 / sqrt(2/5) = 1.5811388
    // HLN factor sqrt((5 + 1 - 2) / 5) = sqrt(0.8): DM* = sqrt(2).
    // t(4) CDF has the closed form 1/2 + (3/8) u (1 - t^2 / (12 (1 + t^2/4))), u = t / sqrt(1 + t^2/4);
    // at t = sqrt(2): 1/2 + 2 / (3 sqrt(3)) = 0.8849001795.
    const result = dieboldMariano(errorsA, errorsB, 1);
    expect(result.observations).toBe(5);
    expect(result.meanLossDifferential).toBeCloseTo(1, 14);
    expect(result.statistic).toBeCloseTo(1 / Math.sqrt(0.4), 12);
    expect(result.correctedStatistic).toBeCloseTo(Math.SQRT2, 12);
    const upper = 0.5 - 2 / (3 * Math.sqrt(3));
    expect(result.pValueAMoreAccurate).toBeCloseTo(1 - upper, 10);
    expect(result.pValueTwoSided).toBeCloseTo(2 * upper, 10);
  });

  it('is antisymmetric in its two forecasts', () => {
    const forward = dieboldMariano(errorsA, errorsB);
    const backward = dieboldMariano(errorsB, errorsA);
    expect(backward.correctedStatistic).toBeCloseTo(-forward.correctedStatistic, 12);
    expect(backward.pValueTwoSided).toBeCloseTo(forward.pValueTwoSided, 12);
    expect(backward.pValueAMoreAccurate).toBeCloseTo(1 - forward.pValueAMoreAccurate, 12);
  });

  it('adds lag autocovariances for h = 2', () => {
    // d = [0, 1, 2, 3, 4]: mean 2, deviations -2 -1 0 1 2; gamma0 = 2; gamma1 = (2 + 0 + 0 + 2)/5 = 0.8
    // long-run variance 2 + 2 * 0.8 = 3.6; DM = 2 / sqrt(3.6 / 5) = 2.3570226
    // HLN factor sqrt((5 + 1 - 4 + 2/5) / 5) = sqrt(0.48): DM* = 1.6329932
    const result = dieboldMariano([0, 1, Math.SQRT2, Math.sqrt(3), 2], [0, 0, 0, 0, 0], 2);
    expect(result.statistic).toBeCloseTo(2 / Math.sqrt(0.72), 12);
    expect(result.correctedStatistic).toBeCloseTo((2 / Math.sqrt(0.72)) * Math.sqrt(0.48), 12);
  });

  it('falls back to the lag-0 variance when the long-run estimate is not positive', () => {
    // For d = [1, -1, 2, 0, 3], gamma1 = (0 - 2 - 1 - 2) / 5 = -1: 2 + 2(-1) = 0, so gamma0 = 2 is used.
    const result = dieboldMariano(errorsA, errorsB, 2);
    expect(result.statistic).toBeCloseTo(1 / Math.sqrt(0.4), 12);
    expect(result.correctedStatistic).toBeCloseTo((1 / Math.sqrt(0.4)) * Math.sqrt(0.48), 12);
  });

  it('skips pairs with a missing error and detects a clearly better forecast', () => {
    const realized: number[] = [];
    const good: number[] = [];
    const naive: number[] = [];
    for (let t = 0; t < 300; t++) {
      const y = Math.sin(t * 0.7) * 0.02;
      realized.push(y);
      good.push(t < 10 ? NaN : y - 0.3 * y); // error = 0.3 y: much smaller than naive's y
      naive.push(y);
    }
    const result = dieboldMariano(good, naive);
    expect(result.observations).toBe(290);
    expect(result.meanLossDifferential).toBeLessThan(0);
    expect(result.pValueAMoreAccurate).toBeLessThan(1e-6);
  });
});
