/**
 * technicalindicators drops the warm-up from the front of its output, so output k belongs to
 * input (length - output.length + k). Pad the front with NaN so that value k belongs to bar k.
 */
export function padFront(values: readonly number[], barCount: number): Float64Array {
  const padded = new Float64Array(barCount).fill(NaN);
  const offset = barCount - values.length;
  if (offset < 0) throw new Error(`indicator returned ${values.length} values for ${barCount} bars`);
  for (let k = 0; k < values.length; k++) padded[offset + k] = values[k];
  return padded;
}
