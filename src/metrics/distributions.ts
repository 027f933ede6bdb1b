import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type betainc from '@stdlib/math-base-special-betainc';
import type erfcinv from '@stdlib/math-base-special-erfcinv';
import type gammaln from '@stdlib/math-base-special-gammaln';
import type normalCdfOf from '@stdlib/stats-base-dists-normal-cdf';
import type studentTCdfOf from '@stdlib/stats-base-dists-t-cdf';

/**
 * Distribution functions the honest statistics need: the standard normal CDF and its inverse,
 * and Student's t CDF (for the Harvey-Newbold-Leybourne corrected Diebold-Mariano test), from
 * stdlib's per-function packages (ports of Cephes/Boost, double precision in both tails).
 * test/metrics/distributions.test.ts checks them against tabulated and scipy values.
 */

interface Stdlib {
  normalCdf: typeof normalCdfOf;
  studentTCdf: typeof studentTCdfOf;
  erfcinv: typeof erfcinv;
  gammaln: typeof gammaln;
  betainc: typeof betainc;
}

// Loaded on first use: the five packages are ~650 small CommonJS files (about 0.1 s to load
// unbundled), which a process that never computes a statistic (--help, validate) should not pay.
// The compiled CLI has them as one bundle (scripts/build-dist.mjs: dist/vendor/, two folders up
// from dist/src/metrics); sources run through tsx load the packages.
let stdlib: Stdlib | undefined;
function lib(): Stdlib {
  if (stdlib === undefined) {
    const require = createRequire(import.meta.url);
    const bundle = fileURLToPath(new URL('../../vendor/stdlib-distributions.cjs', import.meta.url));
    const loaded: Stdlib = existsSync(bundle)
      ? require(bundle)
      : {
          normalCdf: require('@stdlib/stats-base-dists-normal-cdf'),
          studentTCdf: require('@stdlib/stats-base-dists-t-cdf'),
          erfcinv: require('@stdlib/math-base-special-erfcinv'),
          gammaln: require('@stdlib/math-base-special-gammaln'),
          betainc: require('@stdlib/math-base-special-betainc'),
        };
    stdlib = loaded;
  }
  return stdlib;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Standard normal CDF, Phi(x); tiny tail probabilities keep their relative precision. */
export function normalCdf(x: number): number {
  return lib().normalCdf(x, 0, 1);
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-(x * x) / 2) / SQRT_2PI;
}

/**
 * Inverse of the standard normal CDF (the probit), Phi^-1(p) for p in (0, 1); -Infinity at 0,
 * +Infinity at 1, NaN outside. Phi^-1(p) = -sqrt(2) erfcinv(2p), taken on the side of 1/2 where
 * p's digits are: stdlib's normal-quantile goes through erfinv(2p - 1), which returns -Infinity
 * below p = 1e-16 and loses 9 digits at p = 1e-10.
 */
export function normalInverseCdf(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  const { erfcinv } = lib();
  // 1 - p is exact for p >= 1/2 (Sterbenz), so the upper tail loses nothing either.
  return p < 0.5 ? -Math.SQRT2 * erfcinv(2 * p) : Math.SQRT2 * erfcinv(2 * (1 - p));
}

/** log |Gamma(x)|. */
export function logGamma(x: number): number {
  return lib().gammaln(x);
}

/** Regularized incomplete beta function I_x(a, b). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return lib().betainc(x, a, b, true, false);
}

/** Student's t CDF with `degreesOfFreedom` > 0 (may be fractional). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return NaN;
  return lib().studentTCdf(t, degreesOfFreedom);
}
