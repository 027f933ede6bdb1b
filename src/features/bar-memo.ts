import type { Bar } from '../data/bar.ts';

const memos = new WeakMap<readonly Bar[], Map<string, Float64Array>>();

/**
 * A per-bar series derived from bars (closes, a moving average, a feature column), computed once
 * per bars array and key: a sweep runs many trials on one bars array, and a trial that only
 * changes the fast average must not recompute the slow one. Keyed by the array's identity, so
 * other bars (a prefix, another symbol) never see these values, and released with the array.
 * Bars are never changed after loading; callers must not change the series returned either.
 */
export function derivedSeries(bars: readonly Bar[], key: string, compute: () => Float64Array): Float64Array {
  let memo = memos.get(bars);
  if (!memo) {
    memo = new Map();
    memos.set(bars, memo);
  }
  let series = memo.get(key);
  if (series === undefined) {
    series = compute();
    memo.set(key, series);
  }
  return series;
}
