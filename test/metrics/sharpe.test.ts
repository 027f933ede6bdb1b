import { describe, expect, it } from 'vitest';
import { deflatedSharpeRatio, expectedMaximumSharpe } from '../../src/metrics/deflated-sharpe.ts';
import { probabilisticSharpeRatio, sharpeRatioStandardError } from '../../src/metrics/probabilistic-sharpe.ts';
import { returnMoments } from '../../src/metrics/returns.ts';
import { annualizedArithmeticSharpe, perPeriodSharpe } from '../../src/metrics/risk-ratios.ts';

describe('returnMoments', () => {
  it('matches hand-worked moments of [1, 2, 3, 4, 10]', () => {
    // mean 4; deviations -3 -2 -1 0 6; m2 = 50/5 = 10, m3 = 180/5 = 36, m4 = 1394/5 = 278.8
    const moments = returnMoments([1, 2, 3, 4, 10]);
    expect(moments.mean).toBe(4);
    expect(moments.standardDeviation).toBeCloseTo(Math.sqrt(50 / 4), 14);
    expect(moments.skewness).toBeCloseTo(36 / 10 ** 1.5, 14);
    expect(moments.kurtosis).toBeCloseTo(2.788, 14);
    expect(perPeriodSharpe([1, 2, 3, 4, 10], 1)).toBeCloseTo(3 / Math.sqrt(12.5), 14);
    expect(annualizedArithmeticSharpe([1, 2, 3, 4, 10], 4, 1)).toBeCloseTo((2 * 3) / Math.sqrt(12.5), 14);
    // One value has no spread: variance (and so every Sharpe ratio) is undefined, not 0.
    expect(returnMoments([5]).standardDeviation).toBeNaN();
    expect(perPeriodSharpe([5])).toBeNaN();
  });
});

describe('probabilisticSharpeRatio (Bailey & Lopez de Prado 2012, eq. 3)', () => {
  it('normal returns: SR 0.1 over 253 days', () => {
    // z = 0.1 * sqrt(252) / sqrt(1 - 0 + (3 - 1)/4 * 0.01) = 1.587451 / 1.002497 = 1.583497
    expect(sharpeRatioStandardError(0.1, 253, 0, 3)).toBeCloseTo(Math.sqrt(1.005 / 252), 15);
    expect(probabilisticSharpeRatio({ sharpe: 0.1, benchmarkSharpe: 0, observations: 253, skewness: 0, kurtosis: 3 })).toBeCloseTo(
      0.943345882804017,
      12,
    );
  });
  it('skewed, fat-tailed returns against a non-zero benchmark', () => {
    // z = 0.05 * sqrt(252) / sqrt(1 + 0.1 + 5/4 * 0.01) = 0.793725 / 1.054751 = 0.752524
    expect(probabilisticSharpeRatio({ sharpe: 0.1, benchmarkSharpe: 0.05, observations: 253, skewness: -1, kurtosis: 6 })).toBeCloseTo(
      0.7741319516630834,
      12,
    );
  });
  it('negative skew and fat tails lower the confidence in the same Sharpe ratio', () => {
    const normal = probabilisticSharpeRatio({ sharpe: 0.08, benchmarkSharpe: 0, observations: 500, skewness: 0, kurtosis: 3 });
    const crashy = probabilisticSharpeRatio({ sharpe: 0.08, benchmarkSharpe: 0, observations: 500, skewness: -2, kurtosis: 12 });
    expect(crashy).toBeLessThan(normal);
    expect(probabilisticSharpeRatio({ sharpe: 0, benchmarkSharpe: 0, observations: 500, skewness: 0, kurtosis: 3 })).toBe(0.5);
  });
});

describe('deflatedSharpeRatio (Bailey & Lopez de Prado 2014)', () => {
  it("reproduces the paper's numerical example", () => {
    // Section 5 of the paper: N = 100 trials, variance of their annualized Sharpe ratios 1/2,
    // best annualized SR 2.5 over T = 1250 daily observations (250 a year), skewness -3,
    // kurtosis 10. The paper finds E[max SR] = 0.1132 a day and DSR = 0.9004.
    const expectedMaxAnnualized = expectedMaximumSharpe(100, 0.5);
    expect(expectedMaxAnnualized / Math.sqrt(250)).toBeCloseTo(0.1132, 4);
    const result = deflatedSharpeRatio({
      sharpe: 2.5 / Math.sqrt(250),
      observations: 1250,
      skewness: -3,
      kurtosis: 10,
      trials: 100,
      sharpeVarianceAcrossTrials: 0.5 / 250,
    });
    expect(result.expectedMaximumSharpe).toBeCloseTo(0.1132, 4);
    expect(result.deflatedSharpe).toBeCloseTo(0.9004, 4);
  });
  it('approximates the expected maximum of N standard normals (false strategy theorem)', () => {
    // E[max of 10 iid N(0,1)] = 1.5388 (tables of normal order statistics); the formula is an
    // asymptotic approximation, within 3% here.
    expect(expectedMaximumSharpe(10, 1)).toBeGreaterThan(1.5388 * 0.97);
    expect(expectedMaximumSharpe(10, 1)).toBeLessThan(1.5388 * 1.03);
  });
  it('one trial deflates nothing: DSR equals PSR against zero', () => {
    const input = { sharpe: 0.06, observations: 750, skewness: -0.4, kurtosis: 5 };
    expect(expectedMaximumSharpe(1, 0.01)).toBe(0);
    expect(deflatedSharpeRatio({ ...input, trials: 1, sharpeVarianceAcrossTrials: 0.01 }).deflatedSharpe).toBe(
      probabilisticSharpeRatio({ ...input, benchmarkSharpe: 0 }),
    );
  });
  it('more trials deflate more', () => {
    const input = { sharpe: 0.06, observations: 750, skewness: 0, kurtosis: 3, sharpeVarianceAcrossTrials: 0.0004 };
    const few = deflatedSharpeRatio({ ...input, trials: 3 }).deflatedSharpe;
    const many = deflatedSharpeRatio({ ...input, trials: 300 }).deflatedSharpe;
    expect(many).toBeLessThan(few);
  });
});
