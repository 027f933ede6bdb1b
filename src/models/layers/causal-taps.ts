/**
 * The taps of a causal dilated 1-D convolution as one matrix (im2col): row (b, t) holds input steps
 * t - (k-1)d, ..., t - d, t of sequence b side by side (oldest first), zeros before the first step.
 * The convolution is then this matrix times a [k x channels, filters] kernel.
 *
 * Copied in JavaScript, one tensor made each way, instead of tfjs ops: k slices and a concat (and
 * their gradients) were a third of the cnn's tfjs kernel time on the seeds' shape, and a gather is
 * slower still on the wasm backend (1.8 ms for the seeds' 32 x 60 x 8 window), whose gather gradient
 * (unsortedSegmentSum) is missing anyway. On the seeds' shape the copy each way is ~46k floats; the
 * pair of calls measured about half the time of the pad, slices and concat with their gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { tensorValues } from '../fused/backend-views.ts';

export interface TapShape {
  kernelSize: number;
  dilationRate: number;
  /** Zero steps before the first (the reach, for causal padding; 0 for valid). */
  padLeft: number;
}

interface Dims extends TapShape {
  batch: number;
  steps: number;
  channels: number;
  outSteps: number;
}

/** Row (b, t), column block j = input step t + j * dilation - padLeft of sequence b, or zeros before step 0. */
function gatherTaps(x: ArrayLike<number>, d: Dims): Float32Array {
  const { batch, steps, channels, outSteps, kernelSize, dilationRate, padLeft } = d;
  const rowLength = kernelSize * channels;
  const out = new Float32Array(batch * outSteps * rowLength);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outSteps; t++) {
      const row = (b * outSteps + t) * rowLength;
      for (let j = 0; j < kernelSize; j++) {
        const s = t + j * dilationRate - padLeft;
        if (s < 0) continue;
        const from = (b * steps + s) * channels;
        const to = row + j * channels;
        for (let c = 0; c < channels; c++) out[to + c] = x[from + c];
      }
    }
  }
  return out;
}

/** The transpose of gatherTaps: each input step's gradient is the sum of the taps that read it (tap 0 first). */
function scatterTaps(dy: ArrayLike<number>, d: Dims): Float32Array {
  const { batch, steps, channels, outSteps, kernelSize, dilationRate, padLeft } = d;
  const rowLength = kernelSize * channels;
  const dx = new Float32Array(batch * steps * channels);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outSteps; t++) {
      const row = (b * outSteps + t) * rowLength;
      for (let j = 0; j < kernelSize; j++) {
        const s = t + j * dilationRate - padLeft;
        if (s < 0) continue;
        const to = (b * steps + s) * channels;
        const from = row + j * channels;
        for (let c = 0; c < channels; c++) dx[to + c] += dy[from + c];
      }
    }
  }
  return dx;
}

/** [batch, steps, channels] -> [batch x outSteps, kernelSize x channels], outSteps = steps + padLeft - reach. */
export function causalTaps(x: tf.Tensor3D, shape: TapShape): tf.Tensor {
  const [batch, steps, channels] = x.shape;
  const outSteps = steps + shape.padLeft - (shape.kernelSize - 1) * shape.dilationRate;
  const dims: Dims = { ...shape, batch, steps, channels, outSteps };
  const taps = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input] = args;
    if (!(input instanceof tf.Tensor) || input.dtype !== 'float32') throw new Error('causalTaps takes one float32 tensor');
    return {
      value: tf.tensor(gatherTaps(tensorValues(input), dims), [batch * outSteps, shape.kernelSize * channels], 'float32'),
      gradFunc: (dy: tf.Tensor) => tf.tensor(scatterTaps(tensorValues(dy), dims), [batch, steps, channels], 'float32'),
    };
  });
  return taps(x);
}
