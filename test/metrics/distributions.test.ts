import { describe, expect, it } from 'vitest';
import { logGamma, normalCdf, normalInverseCdf, regularizedIncompleteBeta, studentTCdf } from '../../src/metrics/distributions.ts';

/** Relative difference, with an absolute floor for values near zero. */
function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

// Reference values: Abramowitz & Stegun table 26.1 / 26.7 to their printed digits; the full
// 16-digit figures were produced with scipy 1.17 (scipy.stats.norm / scipy.stats.t).
describe('normalCdf', () => {
  const table: Array<[number, number]> = [
    [-37.5, 4.605353009581954e-308],
    [-10, 7.61985302416047e-24],
    [-8, 6.22096057427174e-16],
    [-5, 2.866515718791933e-7],
    [-3, 0.0013498980316300933],
    [-1.96, 0.024997895148220435],
    [-1, 0.15865525393145707],
    [-0.5, 0.3085375387259869],
    [0, 0.5],
    [0.3, 0.6179114221889526],
    [1, 0.8413447460685429],
    [2.5, 0.9937903346742238],
    [6, 0.9999999990134123],
  ];
  it.each(table)('Phi(%d) matches the table to 1e-13 relative', (x, expected) => {
    expect(relativeError(normalCdf(x), expected)).toBeLessThan(1e-13);
  });
  it('is symmetric, monotone and saturates', () => {
    for (let x = -8; x <= 8; x += 0.37) {
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
      expect(normalCdf(x + 0.01)).toBeGreaterThan(normalCdf(x));
    }
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });
});

describe('normalInverseCdf', () => {
  const table: Array<[number, number]> = [
    [1e-300, -37.0470962993612],
    [1e-20, -9.262340089798409],
    [1e-10, -6.361340902404056],
    [1e-5, -4.264890793922825],
    [0.001, -3.090232306167813],
    [0.02, -2.053748910631823],
    [0.02425, -1.972961051311885],
    [0.025, -1.9599639845400545],
    [0.1, -1.2815515655446004],
    [0.8, 0.8416212335729143],
    [0.975, 1.959963984540054],
    [0.99, 2.3263478740408408],
    [0.999999, 4.753424308817087],
  ];
  it.each(table)('Phi^-1(%d) matches the table to 1e-12 relative', (p, expected) => {
    expect(relativeError(normalInverseCdf(p), expected)).toBeLessThan(1e-12);
  });
  it('has Phi^-1(0.5) = 0 and infinite ends', () => {
    expect(Math.abs(normalInverseCdf(0.5))).toBeLessThan(1e-16);
    expect(normalInverseCdf(0)).toBe(-Infinity);
    expect(normalInverseCdf(1)).toBe(Infinity);
    expect(normalInverseCdf(1.5)).toBeNaN();
  });
  it('round-trips through normalCdf', () => {
    // Above x = 3 a probability near 1 has too few digits left for a round trip to mean much.
    for (let x = -30; x <= 3; x += 0.173) {
      expect(normalInverseCdf(normalCdf(x))).toBeCloseTo(x, 11);
    }
    for (let p = 0.001; p < 1; p += 0.0137) {
      expect(normalCdf(normalInverseCdf(p))).toBeCloseTo(p, 15);
    }
  });
});

describe('studentTCdf', () => {
  const table: Array<[number, number, number]> = [
    [2.0, 10, 0.9633059826146299],
    [2.228138852, 10, 0.9750000000005817], // the 97.5% point of t(10) in every table
    [1.5, 3, 0.8847080673775886],
    [-0.7, 25, 0.24519526839306505],
    [3.2, 200, 0.9992008231292849],
    [0, 7, 0.5],
    [10, 4, 0.999718998188642],
    [2.5, 1, 0.8788810584091566], // Cauchy: 1/2 + atan(2.5)/pi
  ];
  it.each(table)('T(%d; df=%d) matches the table to 1e-11', (t, df, expected) => {
    expect(Math.abs(studentTCdf(t, df) - expected)).toBeLessThan(1e-11);
  });
  it('keeps relative precision in the lower tail', () => {
    // scipy.stats.t.sf(3.2, 200) = 0.0007991768707150706
    expect(relativeError(studentTCdf(-3.2, 200), 0.0007991768707150706)).toBeLessThan(1e-10);
  });
  it('stays accurate for a million degrees of freedom (a DM test on a million bars)', () => {
    // mpmath at 50 digits: 1/2 I_{df/(df+t^2)}(df/2, 1/2) with x computed in mpmath too. The
    // hand-written continued fraction stopped after 300 terms and was off by 4e-10 (relative)
    // at (-3, 1e6) and 1e-7 at (-6, 2.5e6).
    expect(relativeError(studentTCdf(-3, 1e6), 0.0013499312707108985)).toBeLessThan(1e-12);
    expect(relativeError(studentTCdf(-6, 2.5e6), 9.8672253757919212e-10)).toBeLessThan(1e-12);
    expect(relativeError(studentTCdf(2, 1e4), 0.97723636966928228)).toBeLessThan(1e-14);
  });
  it('approaches the normal as df grows', () => {
    expect(studentTCdf(1.96, 1e7)).toBeCloseTo(normalCdf(1.96), 6);
  });
});

describe('logGamma', () => {
  it('matches factorials and Gamma(1/2) = sqrt(pi)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9);
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches the closed forms I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b, and is 0 / 1 at the ends', () => {
    expect(regularizedIncompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 14);
    expect(regularizedIncompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe("the compiled CLI's bundle of the stdlib packages (dist/vendor, built by npm run build)", () => {
  it('gives the packages\' values bit for bit', async () => {
    const { createRequire } = await import('node:module');
    const { existsSync } = await import('node:fs');
    const require = createRequire(import.meta.url);
    const bundlePath = new URL('../../dist/vendor/stdlib-distributions.cjs', import.meta.url);
    // prepare builds dist/ during npm ci; a checkout without a build has nothing to compare.
    expect(existsSync(bundlePath), 'dist/vendor/stdlib-distributions.cjs (run npm run build)').toBe(true);
    const bundle = require(bundlePath.pathname);
    for (const x of [-37.5, -3, -0.5, 0, 1.96, 8]) expect(bundle.normalCdf(x, 0, 1)).toBe(require('@stdlib/stats-base-dists-normal-cdf')(x, 0, 1));
    for (const [t, v] of [[-2.5, 3], [0.7, 12], [4, 1146]]) expect(bundle.studentTCdf(t, v)).toBe(require('@stdlib/stats-base-dists-t-cdf')(t, v));
    for (const p of [1e-12, 0.05, 1.3]) expect(bundle.erfcinv(p)).toBe(require('@stdlib/math-base-special-erfcinv')(p));
    for (const x of [0.5, 7, 170.2]) expect(bundle.gammaln(x)).toBe(require('@stdlib/math-base-special-gammaln')(x));
    expect(bundle.betainc(0.3, 2.5, 4)).toBe(require('@stdlib/math-base-special-betainc')(0.3, 2.5, 4));
  });
});
