/**
 * tf.matMul on the fused kernel's gemm: a replacement for the BatchMatMul kernel of the wasm and
 * cpu backends. Every matMul gradient is a BatchMatMul with a transposed operand (x^T dy, dy W^T),
 * and attention multiplies batches of small matrices; tfjs-backend-wasm runs all of those through
 * a scalar fallback (1-2 GFLOP/s, 5-50x slower than this gemm), tfjs-backend-cpu through JS loops.
 * Dense, the conv and attention layers and their gradients all train through it. Results match the
 * stock kernel to float32 rounding (test/models/fused/matmul.test.ts).
 *
 * The kernel registry is process-wide: useFusedMatMul(backend, true) installs the replacement for
 * that backend, useFusedMatMul(backend, false) puts the stock kernel back (fused: false).
 */
import * as tf from '@tensorflow/tfjs';
import { BufferSet } from './wasm-buffers.ts';
import { fusedKernel, type FusedKernel } from './wasm-kernel.ts';

export type MatMulBackend = 'wasm' | 'cpu';

/** What the replacement reads of tfjs-backend-wasm: tensors live in its own wasm heap. */
interface WasmBackendView {
  typedArrayFromHeap(info: tf.TensorInfo): ArrayLike<number> & { set(values: ArrayLike<number>): void };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** What the replacement reads of tfjs-backend-cpu: tensors are JS typed arrays. */
interface CpuBackendView {
  data: { get(dataId: tf.DataId): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function isWasmBackend(backend: object): backend is WasmBackendView {
  return 'typedArrayFromHeap' in backend && 'makeOutput' in backend;
}

function isCpuBackend(backend: object): backend is CpuBackendView {
  return 'data' in backend && 'makeTensorInfo' in backend;
}

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
function fusedBatchMatMul(stock: tf.KernelFunc): tf.KernelFunc {
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
      const aValues = backend.data.get(a.dataId)?.values;
      const bValues = backend.data.get(b.dataId)?.values;
      if (!(aValues instanceof Float32Array) || !(bValues instanceof Float32Array)) return stock(params);
      const c = multiply(kernel, product, aValues, bValues, transposeA, transposeB);
      return backend.makeTensorInfo(product.outShape, 'float32', kernel.read(c, count));
    }
    return stock(params);
  };
}

/** The stock kernel config of each backend whose BatchMatMul is replaced. */
const stockConfigs = new Map<MatMulBackend, tf.KernelConfig>();

/**
 * Route `backendName`'s BatchMatMul through the fused kernel (fused true) or back to tfjs's own
 * kernel (false). Idempotent; the first install needs the kernel built (npm run build:wasm).
 */
export function useFusedMatMul(backendName: MatMulBackend, fused: boolean): void {
  const installed = stockConfigs.get(backendName);
  if (installed) {
    if (fused) return;
    tf.unregisterKernel('BatchMatMul', backendName);
    tf.registerKernel(installed);
    stockConfigs.delete(backendName);
    return;
  }
  if (!fused) return;
  fusedKernel(); // fail here, before the registry changes, if the kernel is not built
  const stock = tf.getKernel('BatchMatMul', backendName);
  stockConfigs.set(backendName, stock);
  tf.unregisterKernel('BatchMatMul', backendName);
  tf.registerKernel({ ...stock, kernelFunc: fusedBatchMatMul(stock.kernelFunc) });
}
