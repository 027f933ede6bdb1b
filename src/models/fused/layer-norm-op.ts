/**
 * Layer normalisation over the last axis as one fused kernel call each way (assembly/layer-norm.ts;
 * the backward pass recomputes the moments). LayerNorm (src/models/layers/layer-norm.ts) runs it
 * where the fused kernels are selected: built from tfjs ops, a normalisation is a dozen kernels
 * forward and more backward, the bulk of the transformer forecaster's kernel calls on wasm.
 */
import * as tf from '@tensorflow/tfjs';
import { tensorFromView, tensorValues } from './backend-views.ts';
import { BufferSet } from './wasm-buffers.ts';
import { fusedKernel } from './wasm-kernel.ts';

/** Scratch of every normalisation in this thread (calls run one at a time and copy their results out). */
let buffers: BufferSet<'x' | 'y' | 'gamma' | 'beta' | 'dy' | 'dx' | 'dgamma' | 'dbeta'> | undefined;

/** The normalised rows: a view into the kernel's memory, to copy out before its next allocation. */
function layerNormForward(x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, cols: number, epsilon: number): Float32Array {
  const kernel = fusedKernel();
  buffers ??= new BufferSet(kernel);
  const p = buffers.layout({ x: x.length, y: x.length, gamma: cols, beta: cols, dy: 0, dx: 0, dgamma: 0, dbeta: 0 });
  kernel.write(p.x, x);
  kernel.write(p.gamma, gamma);
  kernel.write(p.beta, beta);
  kernel.exports.layerNormForward(x.length / cols, cols, p.x, p.gamma, p.beta, epsilon, p.y);
  return kernel.view(p.y, x.length);
}

/** The gradients: views into the kernel's memory, to copy out before its next allocation. */
function layerNormBackward(dy: ArrayLike<number>, x: ArrayLike<number>, gamma: ArrayLike<number>, cols: number, epsilon: number) {
  const kernel = fusedKernel();
  buffers ??= new BufferSet(kernel);
  const p = buffers.layout({ x: x.length, y: 0, gamma: cols, beta: 0, dy: x.length, dx: x.length, dgamma: cols, dbeta: cols });
  kernel.write(p.x, x);
  kernel.write(p.dy, dy);
  kernel.write(p.gamma, gamma);
  kernel.exports.layerNormBackward(x.length / cols, cols, p.dy, p.x, p.gamma, epsilon, p.dx, p.dgamma, p.dbeta);
  return { dx: kernel.view(p.dx, x.length), dgamma: kernel.view(p.dgamma, cols), dbeta: kernel.view(p.dbeta, cols) };
}

/** (x - mean) / sqrt(variance + epsilon) * gamma + beta over x's last axis; gamma and beta [cols]. */
export type LayerNormOp = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor;

/** The differentiable fused op for one epsilon (float32 tensors, the current backend wasm or cpu). */
export function fusedLayerNormOp(epsilon: number): LayerNormOp {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, gamma, beta, save] = args;
    if (!(x instanceof tf.Tensor && gamma instanceof tf.Tensor && beta instanceof tf.Tensor) || typeof save !== 'function') {
      throw new Error('fusedLayerNormOp takes x, gamma and beta tensors');
    }
    save([x, gamma]);
    const cols = x.shape[x.rank - 1];
    const value = tensorFromView(layerNormForward(tensorValues(x), tensorValues(gamma), tensorValues(beta), cols, epsilon), x.shape);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xs, g] = saved;
      const grads = layerNormBackward(tensorValues(dy), tensorValues(xs), tensorValues(g), cols, epsilon);
      return [tensorFromView(grads.dx, xs.shape), tensorFromView(grads.dgamma, g.shape), tensorFromView(grads.dbeta, g.shape)];
    };
    return { value, gradFunc };
  });
}
