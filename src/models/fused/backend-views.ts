/**
 * What the fused kernel replacements read of tfjs's wasm and cpu backends: where a tensor's values
 * are, and how to make an output. tfjs types a kernel's backend as {}; these guards narrow it.
 */
import type * as tf from '@tensorflow/tfjs';

/** tfjs-backend-wasm: tensors live in its own wasm heap. */
export interface WasmBackendView {
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** tfjs-backend-cpu: tensors are JS typed arrays. */
export interface CpuBackendView {
  data: { get(dataId: tf.DataId): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

export function isWasmBackend(backend: object): backend is WasmBackendView {
  return 'typedArrayFromHeap' in backend && 'makeOutput' in backend;
}

export function isCpuBackend(backend: object): backend is CpuBackendView {
  return 'data' in backend && 'makeTensorInfo' in backend;
}

/** A float32 tensor's values on the cpu backend (undefined if not held as a Float32Array). */
export function cpuValues(backend: CpuBackendView, info: tf.TensorInfo): Float32Array | undefined {
  const values = backend.data.get(info.dataId)?.values;
  return values instanceof Float32Array ? values : undefined;
}
