/**
 * What the fused kernel reads of tfjs's wasm and cpu backends: where a tensor's values are, and how
 * to make an output. tfjs types a kernel's backend as {}; these guards narrow it. Reading a tensor
 * in place and creating one from a view of the kernel's memory save a copy each way per fused call.
 */
import * as tf from '@tensorflow/tfjs';

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

/**
 * A float32 tensor's values without a copy where the backend allows: a view into tfjs-backend-wasm's
 * heap (valid until its next allocation) or the cpu backend's own array; else dataSync's copy. For
 * reading at once (into the fused kernel's memory), never for writing.
 */
export function tensorValues(t: tf.Tensor): ArrayLike<number> {
  const backend = tf.backend();
  if (isWasmBackend(backend)) return backend.typedArrayFromHeap(t);
  if (isCpuBackend(backend)) {
    const values = cpuValues(backend, t);
    if (values) return values;
  }
  return t.dataSync();
}

/**
 * A float32 tensor from a view into the fused kernel's memory: tfjs-backend-wasm copies the values
 * into its heap as it creates the tensor; other backends keep the array they are given, so they get
 * a copy.
 */
export function tensorFromView(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(isWasmBackend(tf.backend()) ? values : values.slice(), shape, 'float32');
}
