/**
 * The gradient of max pooling (the MaxPoolGrad kernel) for the wasm and cpu backends, installed by
 * kernel-overrides.ts, for pools whose windows do not overlap (stride >= window, no padding before
 * the first window: every tf.layers.maxPooling1d/2d with default strides). tfjs-backend-wasm takes
 * 3-4 ms for the cnn forecaster's [32, 60, 64] input, a quarter of its training step; a pass over
 * the input in JavaScript 1.3 ms, this one kernel call (SIMD, four channels at a time) about
 * 0.1 ms. The gradient goes to the first maximum of each window, as
 * tfjs-backend-cpu gives it (the wasm kernel drops the gradient of some windows whose maximum is
 * negative: test/models/fused/max-pool-grad.test.ts). Other pools run the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { cpuValues, isCpuBackend, isWasmBackend } from './backend-views.ts';
import { BufferSet } from './wasm-buffers.ts';
import { fusedKernel } from './wasm-kernel.ts';

type Pool2DInfo = ReturnType<typeof tf.backend_util.computePool2DInfo>;

/** Scratch in the kernel's heap for every call in this thread (calls run one at a time). */
let buffers: BufferSet<'x' | 'dy' | 'dx'> | undefined;

/**
 * dx: each window's dy at the window's first maximum of x (NHWC, windows not overlapping), zero
 * elsewhere; one kernel call (assembly/max-pool-grad.ts). Returns a view into the kernel's memory,
 * to copy out before its next allocation.
 */
function scatterToMaxima(info: Pool2DInfo, x: ArrayLike<number>, dy: ArrayLike<number>): Float32Array {
  const kernel = fusedKernel();
  buffers ??= new BufferSet(kernel);
  const p = buffers.layout({ x: x.length, dy: dy.length, dx: x.length });
  kernel.write(p.x, x);
  kernel.write(p.dy, dy);
  kernel.exports.maxPoolGrad(info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.strideHeight, info.strideWidth, info.effectiveFilterHeight, info.effectiveFilterWidth, p.x, p.dy, p.dx);
  return kernel.view(p.dx, x.length);
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
      const gradient = scatterToMaxima(info, backend.typedArrayFromHeap(input), backend.typedArrayFromHeap(dy));
      const dx = backend.makeOutput(input.shape, 'float32');
      // A view into the backend's heap, taken after makeOutput (which may grow it).
      backend.typedArrayFromHeap(dx).set(gradient);
      return dx;
    }
    if (isCpuBackend(backend)) {
      const x = cpuValues(backend, input);
      const dyValues = cpuValues(backend, dy);
      if (!x || !dyValues) return stock(params);
      return backend.makeTensorInfo(input.shape, 'float32', scatterToMaxima(info, x, dyValues).slice());
    }
    return stock(params);
  };
}
