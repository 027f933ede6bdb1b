/**
 * technicalindicators returns outputs shorter than their input (the warm-up is dropped at the
 * front). Pad with NaN at the front so that output k belongs to bar k; `undefined` entries (e.g.
 * MACD's signal line before it has enough points) also become NaN.
 */
export function padFront(values: ReadonlyArray<number | undefined>, length: number): Float64Array {
  if (values.length > length) {
    throw new Error(`padFront: ${values.length} values do not fit in ${length} bars`);
  }
  const out = new Float64Array(length).fill(Number.NaN);
  const offset = length - values.length;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    out[offset + i] = value === undefined || value === null ? Number.NaN : value;
  }
  return out;
}
