/**
 * tfjs-backend-wasm's Identity kernel (tf.clone, and the copy of every tensor the gradient tape
 * saves) copies the tensor's bytes; the replacement (installed by kernel-overrides.ts for the wasm
 * backend) shares them and counts one more reference, as the backend's own Reshape and the cpu
 * backend's Identity do: tensors are immutable, so a clone need not own its bytes. The transformer
 * forecaster runs ~160 of these a batch (3.5 ms).
 */
import type * as tf from '@tensorflow/tfjs';

/** What the replacement uses of a backend: its reference count per tensor data. */
interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

function countsReferences(backend: object): backend is RefCountingBackend {
  return 'incRef' in backend && typeof backend.incRef === 'function';
}

/** The replacement kernel; `stock` (the backend's own) runs strings and backends without reference counts. */
export function sharedIdentity(stock: tf.KernelFunc): tf.KernelFunc {
  return (params) => {
    const { x } = params.inputs;
    const { backend } = params;
    if (!x || x.dtype === 'string' || !countsReferences(backend)) return stock(params);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
