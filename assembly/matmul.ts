// tf.matMul's BatchMatMul kernel on the register-blocked gemm: C[b] = op(A[b]) op(B[b]) for each
// of `batch` products, op transposing an operand stored transposed. tfjs's own wasm kernel runs
// transposed operands (every weight and input gradient: x^T dy, dy W^T) and batched products
// (attention) through a scalar fallback at about 1-2 GFLOP/s. Pointers are byte offsets.
import { gemm, transpose } from './gemm';

/**
 * A is [M,K] (transA 0) or [K,M] (transA 1), B is [K,N] or [N,K] (transB 1); C [M,N]. Strides
 * are in floats between consecutive products' operands; 0 broadcasts one operand to every
 * product. A transposed operand is first copied upright into At [M,K] / Bt [K,N] (scratch), once
 * when it is broadcast.
 */
export function batchMatMul(batch: i32, M: i32, N: i32, K: i32, A: usize, strideA: i32, transA: i32,
  B: usize, strideB: i32, transB: i32, C: usize, At: usize, Bt: usize): void {
  const out = <usize>M * <usize>N << 2;
  if (K == 0) {
    memory.fill(C, 0, out * <usize>batch);
    return;
  }
  for (let p = 0; p < batch; p++) {
    let a = A + (<usize>p * <usize>strideA << 2);
    let b = B + (<usize>p * <usize>strideB << 2);
    if (transA) {
      if (p == 0 || strideA != 0) transpose(K, M, a, M, At, K);
      a = At;
    }
    if (transB) {
      if (p == 0 || strideB != 0) transpose(N, K, b, K, Bt, N);
      b = Bt;
    }
    gemm(M, N, K, a, K, b, N, C + <usize>p * out, N, false);
  }
}
