import { describe, expect, it } from 'vitest';
import {
  bootstrapInterval,
  bootstrapSharpeInterval,
  percentileInterval,
  quantileSorted,
  stationaryBootstrap,
  stationaryBootstrapIndices,
} from '../../src/metrics/block-bootstrap.ts';
import { mulberry32 } from '../../src/core/seeded-random.ts';
import { meanOf, returnSums, type ReturnSums } from '../../src/metrics/returns.ts';
import { annualizedArithmeticSharpe, annualizedArithmeticSharpeOf, annualizedGeometricSharpeOf } from '../../src/metrics/risk-ratios.ts';

const annualizedSharpe = annualizedArithmeticSharpe;

function normals(count: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  return Float64Array.from({ length: count }, () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

describe('stationaryBootstrapIndices (Politis & Romano 1994)', () => {
  it('draws geometric blocks with the requested mean length, wrapping around the end', () => {
    const n = 200_000;
    const indices = new Int32Array(n);
    stationaryBootstrapIndices(n, 10, mulberry32(1), indices);
    let blocks = 1;
    for (let i = 1; i < n; i++) {
      expect(indices[i] >= 0 && indices[i] < n).toBe(true);
      const continues = indices[i] === indices[i - 1] + 1 || (indices[i] === 0 && indices[i - 1] === n - 1);
      if (!continues) blocks++;
    }
    // A restart lands on the next index with probability 1/n, so blocks ~ n / 10.
    expect(n / blocks).toBeGreaterThan(9.6);
    expect(n / blocks).toBeLessThan(10.4);
  });
  it('runs a block on circularly past the last index', () => {
    const indices = new Int32Array(5);
    stationaryBootstrapIndices(5, 1e12, mulberry32(2), indices);
    const start = indices[0];
    expect(Array.from(indices)).toEqual([0, 1, 2, 3, 4].map((k) => (start + k) % 5));
  });
  it('mean block length 1 restarts at every step (the iid bootstrap)', () => {
    const indices = new Int32Array(1000);
    stationaryBootstrapIndices(1000, 1, mulberry32(3), indices);
    let runs = 0;
    for (let i = 1; i < 1000; i++) if (indices[i] === indices[i - 1] + 1) runs++;
    expect(runs).toBeLessThan(10); // only chance adjacency, about 1 in 1000 steps
  });
});

describe('stationaryBootstrap from block sums', () => {
  it('scores each resample as if its values had been copied out (same draws, same statistic)', () => {
    const values = normals(997, 4).map((z) => 0.0004 + 0.01 * z);
    values[500] = -1; // a wipe-out: the geometric figures must see it in the resamples that hold it
    const statistic = (sums: ReturnSums) => annualizedGeometricSharpeOf(sums, 252) + meanOf(sums);
    const fromSums = stationaryBootstrap(values, statistic, { resamples: 50, meanBlockLength: 7, seed: 3 });
    const random = mulberry32(3);
    const indices = new Int32Array(values.length);
    for (let b = 0; b < 50; b++) {
      stationaryBootstrapIndices(values.length, 7, random, indices);
      const copied = Float64Array.from(indices, (i) => values[i]);
      expect(fromSums[b]).toBeCloseTo(statistic(returnSums(copied)), 10);
    }
  });
});

describe('percentile interval', () => {
  it('interpolates order statistics (hand-worked)', () => {
    // sorted 1..5: q = 0.25 -> position 1 -> 2; q = 0.9 -> position 3.6 -> 4.6
    expect(quantileSorted([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 14);
    // 101 values 0..100: the 95% interval is 2.5 .. 97.5; NaN replicates are ignored
    const replicates = [NaN, ...Array.from({ length: 101 }, (_, i) => 100 - i)];
    const interval = percentileInterval(replicates, 0.95);
    expect(interval.lower).toBeCloseTo(2.5, 12);
    expect(interval.upper).toBeCloseTo(97.5, 12);
  });
});

describe('bootstrapSharpeInterval', () => {
  const returns = normals(1000, 11).map((z) => 0.0006 + 0.012 * z); // true annual Sharpe 0.79

  it('is deterministic for a seed and changes with the seed', () => {
    const a = bootstrapSharpeInterval(returns, { periodsPerYear: 252, seed: 42, resamples: 500 });
    const b = bootstrapSharpeInterval(returns, { periodsPerYear: 252, seed: 42, resamples: 500 });
    const c = bootstrapSharpeInterval(returns, { periodsPerYear: 252, seed: 43, resamples: 500 });
    expect(b).toEqual(a);
    expect(c.lower).not.toBe(a.lower);
    expect(a.estimate).toBeCloseTo(annualizedSharpe(returns, 252), 14);
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    expect(a.meanBlockLength).toBe(10); // round(1000^(1/3))
  });

  it('is the generic interval applied to the annualized Sharpe ratio', () => {
    const generic = bootstrapInterval(returns, (sums) => annualizedArithmeticSharpeOf(sums, 252), { seed: 42, resamples: 300 });
    expect(bootstrapSharpeInterval(returns, { periodsPerYear: 252, seed: 42, resamples: 300 })).toEqual(generic);
    // The mean of iid data: the interval is about mean +- 1.96 sd / sqrt(n).
    const mean = bootstrapInterval(returns, meanOf, { seed: 1, meanBlockLength: 1 });
    expect((mean.upper - mean.lower) / (2 * 1.96 * (0.012 / Math.sqrt(1000)))).toBeCloseTo(1, 1);
  });

  it('matches the asymptotic width for iid normal returns', () => {
    // Lo (2002): se(SR) = sqrt((1 + SR^2 / 2) / n) per period; annualized x sqrt(252).
    const sharpe = annualizedSharpe(returns, 252) / Math.sqrt(252);
    const standardError = Math.sqrt((1 + (sharpe * sharpe) / 2) / returns.length) * Math.sqrt(252);
    const interval = bootstrapSharpeInterval(returns, { periodsPerYear: 252, seed: 5, meanBlockLength: 1 });
    const width = interval.upper - interval.lower;
    expect(width / (2 * 1.959964 * standardError)).toBeGreaterThan(0.88);
    expect(width / (2 * 1.959964 * standardError)).toBeLessThan(1.12);
  });

  it('widens when returns are autocorrelated and blocks keep that dependence', () => {
    // Returns with persistent drift regimes: the mean is far less certain than iid sampling thinks.
    const shocks = normals(1000, 21);
    const noise = normals(1000, 22);
    const persistent = new Float64Array(1000);
    let regime = 0;
    for (let t = 0; t < 1000; t++) {
      regime = 0.95 * regime + 0.3 * shocks[t];
      persistent[t] = 0.0005 + 0.008 * regime + 0.01 * noise[t];
    }
    const iid = bootstrapSharpeInterval(persistent, { periodsPerYear: 252, seed: 9, meanBlockLength: 1 });
    const blocks = bootstrapSharpeInterval(persistent, { periodsPerYear: 252, seed: 9, meanBlockLength: 40 });
    expect(blocks.upper - blocks.lower).toBeGreaterThan(1.3 * (iid.upper - iid.lower));
  });
});
