/** Per-column affine scaling `(x - offset) / scale`, fitted on a fold's training rows only. */
export interface Scaler {
  kind: 'minmax' | 'zscore';
  offset: Float64Array;
  scale: Float64Array;
}

/**
 * Fit on rows [rowStart, rowEnd) of every column. minmax maps the training range to [0, 1];
 * zscore to mean 0, standard deviation 1. A constant column gets scale 1 so it maps to 0.
 */
export function fitScaler(
  columns: readonly Float64Array[],
  rowStart: number,
  rowEnd: number,
  kind: 'minmax' | 'zscore',
): Scaler {
  const count = rowEnd - rowStart;
  if (count <= 0) throw new Error(`fitScaler: empty row range [${rowStart}, ${rowEnd})`);
  const offset = new Float64Array(columns.length);
  const scale = new Float64Array(columns.length);
  columns.forEach((column, j) => {
    if (kind === 'minmax') {
      let min = Infinity;
      let max = -Infinity;
      for (let k = rowStart; k < rowEnd; k++) {
        if (column[k] < min) min = column[k];
        if (column[k] > max) max = column[k];
      }
      offset[j] = min;
      scale[j] = max > min ? max - min : 1;
    } else {
      let sum = 0;
      for (let k = rowStart; k < rowEnd; k++) sum += column[k];
      const mean = sum / count;
      let squares = 0;
      for (let k = rowStart; k < rowEnd; k++) squares += (column[k] - mean) ** 2;
      const sd = Math.sqrt(squares / count);
      offset[j] = mean;
      scale[j] = sd > 0 ? sd : 1;
    }
  });
  return { kind, offset, scale };
}

/** Scaled rows [rowStart, rowEnd) as one row-major Float32Array (rows x columns). */
export function scaleRows(columns: readonly Float64Array[], scaler: Scaler, rowStart: number, rowEnd: number): Float32Array {
  const width = columns.length;
  const out = new Float32Array((rowEnd - rowStart) * width);
  for (let k = rowStart; k < rowEnd; k++) {
    for (let j = 0; j < width; j++) out[(k - rowStart) * width + j] = (columns[j][k] - scaler.offset[j]) / scaler.scale[j];
  }
  return out;
}
