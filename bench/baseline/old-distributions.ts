// The hand-written distribution functions this project used before stdlib (commit f00bab1), kept only as a baseline for bench/libraries.ts.
/**
 * Distribution functions the honest statistics need: the standard normal CDF and its inverse,
 * and Student's t CDF (for the Harvey-Newbold-Leybourne corrected Diebold-Mariano test).
 * Pure functions, double precision; tests compare them with tabulated values.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Sum x + x^3/3 + x^5/(3*5) + ... (all terms positive for x >= 0, so no cancellation). */
function marsagliaSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 3; k < 500; k += 2) {
    term *= x2 / k;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return sum;
}

/** Upper tail Q(x) = 1 - Phi(x) for x > 0 by Laplace's continued fraction, evaluated backwards. */
function upperTailContinuedFraction(x: number): number {
  let fraction = x;
  for (let k = 300; k >= 1; k--) fraction = x + k / fraction;
  return normalPdf(x) / fraction;
}

/**
 * Standard normal CDF, Phi(x), to about 1e-13 relative error in both tails (checked against
 * mpmath at 500 points in [-38, 9]). |x| < 2.5: Marsaglia's (2004) series
 * Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/15 + ...); beyond: Laplace's continued fraction for the
 * tail, so tiny tail probabilities keep their relative precision (0.5 * erfc from a
 * single-precision erf would not).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const absX = Math.abs(x);
  if (absX < 2.5) {
    const half = normalPdf(x) * marsagliaSeries(absX);
    return x >= 0 ? 0.5 + half : 0.5 - half;
  }
  if (absX > 38.5) return x > 0 ? 1 : 0;
  const tail = upperTailContinuedFraction(absX);
  return x > 0 ? 1 - tail : tail;
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-(x * x) / 2) / SQRT_2PI;
}

// Acklam's rational approximation (relative error 1.15e-9), refined below by one Halley step.
const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const ACKLAM_P_LOW = 0.02425;

/**
 * Inverse of the standard normal CDF (the probit), Phi^-1(p) for p in (0, 1); -Infinity at 0,
 * +Infinity at 1. Acklam's approximation plus one Halley step against `normalCdf` brings it to
 * full double precision.
 */
export function normalInverseCdf(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const [a0, a1, a2, a3, a4, a5] = ACKLAM_A;
  const [b0, b1, b2, b3, b4] = ACKLAM_B;
  const [c0, c1, c2, c3, c4, c5] = ACKLAM_C;
  const [d0, d1, d2, d3] = ACKLAM_D;
  let x: number;
  if (p < ACKLAM_P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  } else if (p <= 1 - ACKLAM_P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
  } else {
    // Upper tail by symmetry: computing 1 - p directly would lose the digits that matter.
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  // Halley refinement (two steps: the start can be off by 1e-9 and more in the far tail). In the
  // upper tail compare lower tails of -x with 1 - p, where the digits are.
  for (let step = 0; step < 2; step++) {
    const error = x > 0 ? -(normalCdf(-x) - (1 - p)) : normalCdf(x) - p;
    const u = error * SQRT_2PI * Math.exp((x * x) / 2);
    if (!Number.isFinite(u)) break;
    x = x - u / (1 + (x * u) / 2);
  }
  return x;
}

/** log Gamma(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection formula.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = coefficients[0];
  for (let i = 1; i < 9; i++) sum += coefficients[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function incompleteBetaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta function I_x(a, b). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(logFront);
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * incompleteBetaFraction(a, b, x)) / a;
  return 1 - (front * incompleteBetaFraction(b, a, 1 - x)) / b;
}

/** Student's t CDF with `degreesOfFreedom` > 0 (may be fractional). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const x = degreesOfFreedom / (degreesOfFreedom + t * t);
  const tail = 0.5 * regularizedIncompleteBeta(x, degreesOfFreedom / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}
