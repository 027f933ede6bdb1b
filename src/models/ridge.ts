/** Ridge regression weights with an unpenalised intercept: y ≈ x·weights + intercept. */
export interface RidgeModel {
  weights: Float64Array;
  intercept: number;
}

/**
 * Solve (XᶜᵀXᶜ + alpha·I) w = Xᶜᵀyᶜ on centred data by Cholesky; x is row-major (rows x width).
 * A tiny ridge is always added so collinear features (e.g. SMA and EMA ratios) stay solvable.
 */
export function fitRidge(x: Float32Array | Float64Array, y: Float32Array | Float64Array, width: number, alpha: number): RidgeModel {
  const rows = y.length;
  const meanX = new Float64Array(width);
  let meanY = 0;
  for (let i = 0; i < rows; i++) {
    meanY += y[i];
    for (let j = 0; j < width; j++) meanX[j] += x[i * width + j];
  }
  meanY /= rows;
  for (let j = 0; j < width; j++) meanX[j] /= rows;
  const a = new Float64Array(width * width);
  const b = new Float64Array(width);
  for (let i = 0; i < rows; i++) {
    const dy = y[i] - meanY;
    for (let j = 0; j < width; j++) {
      const dj = x[i * width + j] - meanX[j];
      b[j] += dj * dy;
      for (let k = 0; k <= j; k++) a[j * width + k] += dj * (x[i * width + k] - meanX[k]);
    }
  }
  for (let j = 0; j < width; j++) a[j * width + j] += alpha + 1e-9 * rows;
  const weights = choleskySolve(a, b, width);
  let intercept = meanY;
  for (let j = 0; j < width; j++) intercept -= weights[j] * meanX[j];
  return { weights, intercept };
}

export function predictRidge(model: RidgeModel, x: Float32Array | Float64Array, width: number): Float64Array {
  const rows = x.length / width;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let sum = model.intercept;
    for (let j = 0; j < width; j++) sum += model.weights[j] * x[i * width + j];
    out[i] = sum;
  }
  return out;
}

/** Solve a·w = b for symmetric positive-definite `a` (lower triangle filled). */
function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-300)) : sum / l[j * n + j];
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * z[k];
    z[i] = sum / l[i * n + i];
  }
  const w = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * w[k];
    w[i] = sum / l[i * n + i];
  }
  return w;
}
