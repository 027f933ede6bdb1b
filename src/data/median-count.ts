/**
 * Median of values that repeat a lot (spacings between bars, bars per day), by counting: O(n)
 * plus a sort of the distinct values, no sort of a million-element copy. The upper of the two
 * middle values for an even count; NaN when there are no values.
 */
export function medianByCounting(values: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) counts.set(values[i], (counts.get(values[i]) ?? 0) + 1);
  const half = Math.floor(values.length / 2);
  let seen = 0;
  for (const value of Array.from(counts.keys()).sort((a, b) => a - b)) {
    seen += counts.get(value)!;
    if (seen > half) return value;
  }
  return NaN;
}
