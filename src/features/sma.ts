/**
 * Simple moving averages whose value depends only on the window's contents, never on the path
 * that led there, so two windows with the same average give the same number, to the last bit.
 *
 * A running sum (`sum = sum - old + new`, as technicalindicators does) drifts: after a few
 * hundred bars the sum of a flat stretch at 10.07 is no longer 10.07 x period, so a fast and a
 * slow average of that stretch differ by ~1e-14 and a crossover fires where none happened.
 * Here the window sum is kept exactly, as an unevaluated pair hi + lo of doubles updated with
 * error-free additions (Knuth's TwoSum): for prices and volumes (values within 2^50 of each
 * other in a window, far beyond any market series) the pair is the exact sum, and the average
 * is the exact sum divided by the period, correctly rounded. So equal windows give equal sums,
 * and equal averages of different windows (a flat stretch seen by a 10- and a 30-bar average)
 * give equal numbers. If a window ever needs more than the pair's 106 bits, its sum is
 * recomputed from the window alone in a fixed order, which keeps "equal windows, equal sums".
 * Each bar costs a few dozen flops: O(n), independent of the period (O(n x period) only on
 * such extreme windows).
 */

/** The exact sum of a window as hi + lo, |lo| <= ulp(hi) / 2; `exact` false if bits were lost. */
interface PairSum {
  hi: number;
  lo: number;
  exact: boolean;
}

/** Add x to the pair without rounding (reports when the pair cannot hold the result). */
function addExactly(sum: PairSum, x: number): void {
  // TwoSum(hi, x): s + e = hi + x exactly.
  const s = sum.hi + x;
  const bv = s - sum.hi;
  const e = sum.hi - (s - bv) + (x - bv);
  // TwoSum(lo, e): t + f = lo + e exactly; f != 0 means the pair is too short for the sum.
  const t = sum.lo + e;
  const cv = t - sum.lo;
  const f = sum.lo - (t - cv) + (e - cv);
  if (f !== 0) sum.exact = false;
  // Renormalise s + t into hi + lo (TwoSum again: s may have cancelled to below t).
  const hi = s + t;
  const dv = hi - s;
  sum.lo = s - (hi - dv) + (t - dv);
  sum.hi = hi;
}

/** The window values[end - period + 1 .. end], summed from scratch in index order. */
function windowSum(values: ArrayLike<number>, end: number, period: number): PairSum {
  const sum: PairSum = { hi: 0, lo: 0, exact: true };
  for (let i = end - period + 1; i <= end; i++) addExactly(sum, values[i]);
  return sum;
}

const SPLITTER = 134217729; // 2^27 + 1, Dekker's split of a double into two 26-bit halves

/** (hi + lo) / divisor, correctly rounded (one correction step from the exact remainder). */
function divide(hi: number, lo: number, divisor: number): number {
  const q = hi / divisor;
  if (!Number.isFinite(q) || q === 0) return (hi + lo) / divisor;
  // Dekker's TwoProduct: ph + pl = q * divisor exactly.
  const ph = q * divisor;
  const qs = SPLITTER * q;
  const qh = qs - (qs - q);
  const ql = q - qh;
  const ds = SPLITTER * divisor;
  const dh = ds - (ds - divisor);
  const dl = divisor - dh;
  const pl = qh * dh - ph + qh * dl + ql * dh + ql * dl;
  // hi - ph is exact (Sterbenz: q * divisor is within an ulp of hi); the rest is tiny.
  const remainder = hi - ph - pl + lo;
  return q + remainder / divisor;
}

/**
 * Mean of each window of `period` values ending at bar k, aligned with the input: NaN for
 * k < period - 1 (warm-up). Inputs must be finite (bars are validated on load).
 */
export function simpleMovingAverage(values: ArrayLike<number>, period: number): Float64Array {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`simpleMovingAverage: period must be a positive integer, got ${period}`);
  const n = values.length;
  const out = new Float64Array(n).fill(Number.NaN);
  if (n < period) return out;
  let sum = windowSum(values, period - 1, period);
  out[period - 1] = divide(sum.hi, sum.lo, period);
  for (let k = period; k < n; k++) {
    if (sum.exact) {
      addExactly(sum, values[k]);
      addExactly(sum, -values[k - period]);
    }
    // Once bits are lost the running pair depends on the path: start again from the window.
    if (!sum.exact) sum = windowSum(values, k, period);
    out[k] = divide(sum.hi, sum.lo, period);
  }
  return out;
}
