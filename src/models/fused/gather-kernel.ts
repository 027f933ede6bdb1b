/**
 * tfjs-backend-wasm's GatherV2 kernel, replaced (by kernel-overrides.ts) with row copies: gathering
 * along an axis copies, for each index, one contiguous run of the values after that axis. model.fit
 * gathers every batch's samples (sliceArraysByIndices), and the stock kernel took ~0.8 ms a batch
 * for the seeds' 32 x 60 x 8 window, about the time PyTorch needs for a whole cnn training step.
 * A copy, so the bits are those of the stock kernel. Other dtypes, batchDims and out-of-range
 * indices run the stock kernel (which reports the bad index).
 */
import type * as tf from '@tensorflow/tfjs';
import { isWasmBackend } from './backend-views.ts';

/** The replacement kernel; `stock` (the backend's own) runs the gathers it does not cover. */
export function rowCopyGather(stock: tf.KernelFunc): tf.KernelFunc {
  return (params) => {
    const { inputs, backend, attrs } = params;
    const { x, indices } = inputs;
    if (!x || !indices || !attrs || !isWasmBackend(backend) || indices.dtype !== 'int32' || x.dtype === 'string' || x.dtype === 'complex64') return stock(params);
    const axisAttr = attrs.axis;
    const batchDims = attrs.batchDims ?? 0;
    if (typeof axisAttr !== 'number' || batchDims !== 0) return stock(params);
    const axis = axisAttr < 0 ? axisAttr + x.shape.length : axisAttr;
    if (axis < 0 || axis >= x.shape.length) return stock(params);
    const along = x.shape[axis];
    const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const picks = Int32Array.from(backend.typedArrayFromHeap(indices));
    if (picks.some((index) => index < 0 || index >= along)) return stock(params);
    const out = backend.makeOutput([...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)], x.dtype);
    // Views taken after makeOutput, which may grow the heap.
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < picks.length; i++) {
        const start = (o * along + picks[i]) * inner;
        to.set(from.subarray(start, start + inner), (o * picks.length + i) * inner);
      }
    }
    return out;
  };
}
