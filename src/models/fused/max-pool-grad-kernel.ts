/**
 * The gradient of max pooling (the MaxPoolGrad kernel) for the wasm and cpu backends, installed by
 * kernel-overrides.ts, for pools whose windows do not overlap (stride >= window, no padding before
 * the first window: every tf.layers.maxPooling1d/2d with default strides). tfjs-backend-wasm takes
 * 3-4 ms for the cnn forecaster's [32, 60, 64] input, a quarter of its training step; this one
 * pass over the input about 1 ms. The gradient goes to the first maximum of each window, as
 * tfjs-backend-cpu gives it (the wasm kernel drops the gradient of some windows whose maximum is
 * negative: test/models/fused/max-pool-grad.test.ts). Other pools run the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { cpuValues, isCpuBackend, isWasmBackend } from './backend-views.ts';

type Pool2DInfo = ReturnType<typeof tf.backend_util.computePool2DInfo>;

/** dx: each window's dy at the window's first maximum of x (NHWC, windows not overlapping), zero elsewhere. */
function scatterToMaxima(info: Pool2DInfo, x: tf.TypedArray, dy: tf.TypedArray, dx: tf.TypedArray): void {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  dx.fill(0);
  // Offsets of one window's input pixels (times C), the window clipped at the input's edge.
  const window = new Int32Array(fh * fw);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, o += C) {
        let n = 0;
        for (let ih = oh * strideHeight; ih < Math.min(oh * strideHeight + fh, inHeight); ih++) {
          for (let iw = ow * strideWidth; iw < Math.min(ow * strideWidth + fw, inWidth); iw++) window[n++] = ((b * inHeight + ih) * inWidth + iw) * C;
        }
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          for (let k = 0; k < n; k++) {
            const v = x[window[k] + c];
            if (v > best) {
              best = v;
              at = window[k] + c;
            }
          }
          if (at >= 0) dx[at] = dy[o + c];
        }
      }
    }
  }
}

/** A [height, width] pair from a pool attribute (one number stands for both). */
function pair(value: unknown): [number, number] | undefined {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number') return [value[0], value[1]];
  return undefined;
}

function padding(value: unknown): 'valid' | 'same' | number | undefined {
  return value === 'valid' || value === 'same' || typeof value === 'number' ? value : undefined;
}

function rounding(value: unknown): 'floor' | 'round' | 'ceil' | undefined {
  return value === 'floor' || value === 'round' || value === 'ceil' ? value : undefined;
}

/** The replacement kernel; `stock` (the backend's own) runs the pools it does not cover. */
export function fusedMaxPoolGrad(stock: tf.KernelFunc): tf.KernelFunc {
  return (params) => {
    const { inputs, backend, attrs } = params;
    const { dy, input } = inputs;
    if (!dy || !input || !attrs || input.dtype !== 'float32' || dy.dtype !== 'float32' || input.shape.length !== 4) return stock(params);
    const filterSize = pair(attrs.filterSize);
    const strides = pair(attrs.strides);
    const pad = padding(attrs.pad);
    if (!filterSize || !strides || pad === undefined) return stock(params);
    const [batch, height, width, channels] = input.shape;
    const info = tf.backend_util.computePool2DInfo([batch, height, width, channels], filterSize, strides, 1, pad, rounding(attrs.dimRoundingMode));
    const nonOverlapping = info.strideHeight >= info.effectiveFilterHeight && info.strideWidth >= info.effectiveFilterWidth;
    if (!nonOverlapping || info.padInfo.top !== 0 || info.padInfo.left !== 0) return stock(params);
    if (isWasmBackend(backend)) {
      const dx = backend.makeOutput(input.shape, 'float32');
      // Views into the backend's heap, taken after makeOutput (which may grow it).
      scatterToMaxima(info, backend.typedArrayFromHeap(input), backend.typedArrayFromHeap(dy), backend.typedArrayFromHeap(dx));
      return dx;
    }
    if (isCpuBackend(backend)) {
      const x = cpuValues(backend, input);
      const dyValues = cpuValues(backend, dy);
      if (!x || !dyValues) return stock(params);
      const dx = new Float32Array(x.length);
      scatterToMaxima(info, x, dyValues, dx);
      return backend.makeTensorInfo(input.shape, 'float32', dx);
    }
    return stock(params);
  };
}
