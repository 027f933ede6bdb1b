// Layer normalisation over each row's `cols` values (tf.layers.layerNormalization on the last
// axis), forward and backward in one call each: y = (x - mean) / sqrt(var + epsilon) * gamma + beta
// with the row's mean and (population) variance. tfjs-layers computes it from a dozen ops and
// tiles gamma and beta to the input's shape; the gradient of that tile is one slice and one add per
// row (about 16,000 ops a batch in the transformer forecaster).
// gamma or beta 0: absent (scale / center false). Pointers are byte offsets; f32 throughout.
import { f4 } from './math';

// The row's mean and 1 / sqrt(variance + epsilon), two passes (as tfjs's moments).
@inline function rowMean(cols: i32, row: usize): f32 {
  let sum = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= cols; j += 4) sum = f32x4.add(sum, v128.load(row + f4(j)));
  let s = f32x4.extract_lane(sum, 0) + f32x4.extract_lane(sum, 1) + f32x4.extract_lane(sum, 2) + f32x4.extract_lane(sum, 3);
  for (; j < cols; j++) s += load<f32>(row + f4(j));
  return s / <f32>cols;
}

@inline function rowRstd(cols: i32, row: usize, mean: f32, epsilon: f32): f32 {
  const m = f32x4.splat(mean);
  let sum = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const d = f32x4.sub(v128.load(row + f4(j)), m);
    sum = f32x4.add(sum, f32x4.mul(d, d));
  }
  let s = f32x4.extract_lane(sum, 0) + f32x4.extract_lane(sum, 1) + f32x4.extract_lane(sum, 2) + f32x4.extract_lane(sum, 3);
  for (; j < cols; j++) {
    const d = load<f32>(row + f4(j)) - mean;
    s += d * d;
  }
  return <f32>1 / Mathf.sqrt(s / <f32>cols + epsilon);
}

/** x and y are [rows, cols]; gamma and beta [cols] or 0. */
export function layerNormForward(rows: i32, cols: i32, x: usize, gamma: usize, beta: usize, epsilon: f32, y: usize): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * f4(cols), yr = y + <usize>r * f4(cols);
    const mean = rowMean(cols, xr);
    const rstd = rowRstd(cols, xr, mean, epsilon);
    for (let j = 0; j < cols; j++) {
      let v = (load<f32>(xr + f4(j)) - mean) * rstd;
      if (gamma) v *= load<f32>(gamma + f4(j));
      if (beta) v += load<f32>(beta + f4(j));
      store<f32>(yr + f4(j), v);
    }
  }
}

/**
 * Gradients for dy [rows, cols]: dx [rows, cols], dgamma and dbeta [cols] (sums over the rows).
 * The moments are recomputed from x (one pass each, cheaper than keeping them between calls).
 * With g = dy * gamma and xhat = (x - mean) * rstd: dx = rstd * (g - mean(g) - xhat * mean(g * xhat)).
 */
export function layerNormBackward(rows: i32, cols: i32, dy: usize, x: usize, gamma: usize, epsilon: f32,
  dx: usize, dgamma: usize, dbeta: usize): void {
  memory.fill(dgamma, 0, f4(cols));
  memory.fill(dbeta, 0, f4(cols));
  const n = <f32>cols;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * f4(cols), dyr = dy + <usize>r * f4(cols), dxr = dx + <usize>r * f4(cols);
    const mean = rowMean(cols, xr);
    const rstd = rowRstd(cols, xr, mean, epsilon);
    let sumG: f32 = 0, sumGX: f32 = 0;
    for (let j = 0; j < cols; j++) {
      const d = load<f32>(dyr + f4(j));
      const xhat = (load<f32>(xr + f4(j)) - mean) * rstd;
      const g = gamma ? d * load<f32>(gamma + f4(j)) : d;
      sumG += g;
      sumGX += g * xhat;
      store<f32>(dgamma + f4(j), load<f32>(dgamma + f4(j)) + d * xhat);
      store<f32>(dbeta + f4(j), load<f32>(dbeta + f4(j)) + d);
    }
    const meanG = sumG / n, meanGX = sumGX / n;
    for (let j = 0; j < cols; j++) {
      const xhat = (load<f32>(xr + f4(j)) - mean) * rstd;
      const g = gamma ? load<f32>(dyr + f4(j)) * load<f32>(gamma + f4(j)) : load<f32>(dyr + f4(j));
      store<f32>(dxr + f4(j), rstd * (g - meanG - xhat * meanGX));
    }
  }
}
