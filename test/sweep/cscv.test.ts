import { describe, expect, it } from 'vitest';
import { normalSource } from '../helpers/bars.ts';
import { perPeriodSharpeOf } from '../../src/metrics/risk-ratios.ts';
import { combinationMasks, cscv } from '../../src/sweep/cscv.ts';

/** `trials` series of `observations` iid normal returns (sd 1%), the mean of each given by `edge(trial)`. */
function returnMatrix(trials: number, observations: number, seed: number, edge: (trial: number) => number): Float64Array[] {
  const normal = normalSource(seed);
  return Array.from({ length: trials }, (_, n) => Float64Array.from({ length: observations }, () => edge(n) + 0.01 * normal()));
}

const sharpe = perPeriodSharpeOf;

describe('CSCV probability of backtest overfitting (Bailey, Borwein, Lopez de Prado, Zhu 2015)', () => {
  it('enumerates every split into two halves: C(16, 8) = 12870', () => {
    expect(combinationMasks(16, 8)).toHaveLength(12870);
    expect(combinationMasks(4, 2)).toEqual([0b0011, 0b0101, 0b0110, 0b1001, 0b1010, 0b1100]);
  });

  it('pure-noise trials: PBO near 0.5 (the in-sample best is a coin flip out of sample)', () => {
    // One noise matrix's PBO scatters widely (0.1 .. 0.9: it depends on how that matrix's luck fell
    // across blocks); over many matrices it averages one half.
    const pbos = Array.from({ length: 40 }, (_, seed) => cscv(returnMatrix(20, 1000, seed + 1, () => 0), 16, sharpe).pbo);
    const average = pbos.reduce((a, b) => a + b, 0) / pbos.length;
    expect(average).toBeGreaterThan(0.38);
    expect(average).toBeLessThan(0.62);
    expect(Math.min(...pbos)).toBeLessThan(0.3);
    expect(Math.max(...pbos)).toBeGreaterThan(0.7);
  });

  it('a planted, truly better trial among noise: PBO near 0', () => {
    // Trial 7 earns 0.2 sd per period more than the others: it wins in sample and out of sample.
    const result = cscv(returnMatrix(20, 1000, 11, (n) => (n === 7 ? 0.002 : 0)), 16, sharpe);
    expect(result.pbo).toBeLessThan(0.02);
    expect(result.splits).toBe(12870);
    expect(result.trials).toBe(20);
    // Its out-of-sample rank is the top rank almost always: the largest logit, ln(20/21 / (1/21)) = ln 20.
    const top = result.logits.at(-1)!;
    expect(top.logit).toBeCloseTo(Math.log(20), 10);
    expect(top.splits / result.splits).toBeGreaterThan(0.9);
    expect(result.probabilityOfLoss).toBeLessThan(0.05);
    expect(result.meanInSample).toBeGreaterThan(result.meanOutOfSample * 0.5);
  });

  it('hand-worked: two trials, two blocks', () => {
    // A wins block 1, B wins block 2: whichever wins in sample loses out of sample, so PBO = 1,
    // each split's best ranking 1 of 2 out of sample: w = 1/3, logit ln(1/2).
    const a = Float64Array.of(0.02, 0.01, 0.03, -0.01, 0.0, -0.02);
    const b = Float64Array.of(-0.01, 0.0, -0.02, 0.02, 0.01, 0.03);
    const swapped = cscv([a, b], 2, sharpe);
    expect(swapped).toMatchObject({ pbo: 1, splits: 2, observations: 6, probabilityOfLoss: 1 });
    expect(swapped.logits).toHaveLength(1);
    expect(swapped.logits[0].splits).toBe(2);
    expect(swapped.logits[0].logit).toBeCloseTo(Math.log(0.5), 12);
    // A wins both blocks: never overfit, its out-of-sample rank is 2 of 2 (w = 2/3, logit ln 2).
    const better = Float64Array.of(0.02, 0.01, 0.03, 0.03, 0.02, 0.04);
    const dominant = cscv([better, b], 2, sharpe);
    expect(dominant).toMatchObject({ pbo: 0, probabilityOfLoss: 0 });
    expect(dominant.logits).toHaveLength(1);
    expect(dominant.logits[0].logit).toBeCloseTo(Math.log(2), 12);
  });

  it('refuses what it cannot compute', () => {
    const one = returnMatrix(1, 100, 1, () => 0);
    expect(() => cscv(one, 16, sharpe)).toThrow(/at least 2 trials/);
    expect(() => cscv(returnMatrix(3, 100, 1, () => 0), 7, sharpe)).toThrow(/even/);
    expect(() => cscv(returnMatrix(3, 10, 1, () => 0), 16, sharpe)).toThrow(/cannot be cut/);
  });
});
