import type { Tf } from './engine.ts';

/**
 * tfjs's `orthogonal` initializer (the recurrent kernels' default) runs a QR decomposition as
 * tensor ops: ~10 s for two LSTM(50) layers and ~50 s for LSTM(128) on the cpu backend, with a
 * console warning each time. This is the same initializer (it still serialises as `Orthogonal`)
 * with `apply` computed in plain JS: modified Gram-Schmidt on a Math.random normal matrix
 * (Math.random is seeded during training, see seeded-random.ts), which gives R a positive
 * diagonal, the sign convention tfjs and Keras apply after their QR.
 */
export function fastOrthogonal(tf: Tf, gain = 1) {
  const initializer = tf.initializers.orthogonal({ gain });
  initializer.apply = (shape: number[]) => {
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1];
    const long = Math.max(rows, cols);
    const short = Math.min(rows, cols);
    // `short` orthonormal vectors of length `long`, vector i at q[i * long ...].
    const q = new Float64Array(long * short);
    for (let i = 0; i < q.length; i++) q[i] = standardNormal();
    for (let i = 0; i < short; i++) {
      const v = q.subarray(i * long, (i + 1) * long);
      for (let j = 0; j < i; j++) {
        const u = q.subarray(j * long, (j + 1) * long);
        let dot = 0;
        for (let k = 0; k < long; k++) dot += u[k] * v[k];
        for (let k = 0; k < long; k++) v[k] -= dot * u[k];
      }
      let norm = 0;
      for (let k = 0; k < long; k++) norm += v[k] * v[k];
      norm = Math.sqrt(norm);
      for (let k = 0; k < long; k++) v[k] /= norm;
    }
    // As tfjs: Q is long x short; transposed when rows < cols. Vector i is Q's column i.
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        out[r * cols + c] = gain * (rows >= cols ? q[c * long + r] : q[r * long + c]);
      }
    }
    return tf.tensor(out, shape);
  };
  return initializer;
}

function standardNormal(): number {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}
