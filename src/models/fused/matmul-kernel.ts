/**
 * tf.matMul on the fused kernel's gemm: the replacement for the BatchMatMul kernel of the wasm and
 * cpu backends (installed by kernel-overrides.ts). Every matMul gradient is a BatchMatMul with a
 * transposed operand (x^T dy, dy W^T), and attention multiplies batches of small matrices;
 * tfjs-backend-wasm runs those through a scalar fallback (1-2 GFLOP/s, 8-17x slower than this gemm
 * at the forecasters' shapes), tfjs-backend-cpu through JS loops. Dense, the conv and attention
 * layers and their gradients all train through it. Results match the stock kernel to float32
 * rounding (test/models/fused/matmul.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { cpuValues, isCpuBackend, isWasmBackend } from './backend-views.ts';
import { BufferSet } from './wasm-buffers.ts';
import { fusedKernel, type FusedKernel } from './wasm-kernel.ts';

/** A product's geometry in the kernel's terms (batchMatMul in assembly/matmul.ts). */
interface Product {
  batch: number;
  M: number;
  N: number;
  K: number;
  /** Floats between consecutive products' A (0: one A broadcast to all) and B. */
  strideA: number;
  strideB: number;
  outShape: number[];
}

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * The geometry of matMul(a, b) with tfjs's semantics (outer dimensions broadcast), or undefined
 * where only the stock kernel applies: broadcasting other than one operand's batch against the
 * other's (tfjs flattens the outer dimensions to one batch axis either way).
 */
function productOf(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): Product | undefined {
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const M = transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2];
  const K = transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1];
  const N = transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1];
  const innerB = transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2];
  if (K !== innerB) return undefined; // the stock kernel reports the mismatch
  const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batchA = size(a.shape.slice(0, -2));
  const batchB = size(b.shape.slice(0, -2));
  const batch = size(outer);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return undefined;
  return {
    batch, M, N, K,
    strideA: batchA === 1 ? 0 : M * K,
    strideB: batchB === 1 ? 0 : K * N,
    outShape: [...outer, M, N],
  };
}

/** The scratch buffers of all products in this thread (they run one at a time). */
let buffers: BufferSet<'a' | 'b' | 'c' | 'at' | 'bt'> | undefined;

/** Run the product in the fused kernel; returns the byte offset of C in the kernel's memory. */
function multiply(kernel: FusedKernel, product: Product, aValues: ArrayLike<number>, bValues: ArrayLike<number>,
  transposeA: boolean, transposeB: boolean): number {
  const { batch, M, N, K, strideA, strideB } = product;
  buffers ??= new BufferSet(kernel);
  const p = buffers.layout({ a: aValues.length, b: bValues.length, c: batch * M * N, at: transposeA ? M * K : 0, bt: transposeB ? K * N : 0 });
  kernel.write(p.a, aValues);
  kernel.write(p.b, bValues);
  kernel.exports.batchMatMul(batch, M, N, K, p.a, strideA, transposeA ? 1 : 0, p.b, strideB, transposeB ? 1 : 0, p.c, p.at, p.bt);
  return p.c;
}

/** The replacement kernel; `stock` (the backend's own) runs what it does not cover. */
export function fusedBatchMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  return (params) => {
    const { inputs, backend, attrs } = params;
    const { a, b } = inputs;
    const transposeA = attrs?.transposeA === true;
    const transposeB = attrs?.transposeB === true;
    const product = a && b && a.dtype === 'float32' && b.dtype === 'float32' ? productOf(a, b, transposeA, transposeB) : undefined;
    if (!a || !b || !product) return stock(params);
    const kernel = fusedKernel();
    const count = product.batch * product.M * product.N;
    if (isWasmBackend(backend)) {
      const c = multiply(kernel, product, backend.typedArrayFromHeap(a), backend.typedArrayFromHeap(b), transposeA, transposeB);
      const out = backend.makeOutput(product.outShape, 'float32');
      backend.typedArrayFromHeap(out).set(kernel.view(c, count));
      return out;
    }
    if (isCpuBackend(backend)) {
      const aValues = cpuValues(backend, a);
      const bValues = cpuValues(backend, b);
      if (!aValues || !bValues) return stock(params);
      const c = multiply(kernel, product, aValues, bValues, transposeA, transposeB);
      return backend.makeTensorInfo(product.outShape, 'float32', kernel.read(c, count));
    }
    return stock(params);
  };
}
