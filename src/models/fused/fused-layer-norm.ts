/**
 * FusedLayerNormalization: tfjs's LayerNormalization with call() replaced by one fused kernel call
 * each way (assembly/layer-norm.ts) when it normalises the last axis, as the transformer's blocks
 * do. The stock layer builds it from a dozen ops and tiles gamma and beta to the input's shape;
 * the gradient of that tile is a slice and an add per row, ~16,000 ops a batch in the transformer
 * forecaster, 90% of its training time on wasm. Weights, initializers, regularizers and config are
 * the stock layer's; it serialises under its own class name. Other axes run the stock computation.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerNormalization, LayerNormalizationLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/normalization.js';
import { tensorFromView, tensorValues } from './backend-views.ts';
import { BufferSet } from './wasm-buffers.ts';
import { fusedKernel } from './wasm-kernel.ts';

type Kwargs = Record<string, unknown>;

// The class of the tfjs instance the app loaded (see fused-layers.ts); registry entries are untyped.
const StockLayerNormalization = tf.serialization.SerializationMap.getMap().classNameMap.LayerNormalization?.[0] as unknown as
  | typeof LayerNormalization
  | undefined;
if (!StockLayerNormalization) throw new Error('tfjs layer class LayerNormalization is not registered');

/** Scratch of every normalisation in this thread (calls run one at a time and copy their results out). */
let buffers: BufferSet<'x' | 'y' | 'gamma' | 'beta' | 'dy' | 'dx' | 'dgamma' | 'dbeta'> | undefined;

/** An empty tensor stands for an absent gamma or beta (customGrad takes tensors only). */
const present = (t: tf.Tensor): boolean => t.size > 0;

/** The normalised rows: a view into the kernel's memory, to copy out before its next allocation. */
function layerNormForward(x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, cols: number, epsilon: number): Float32Array {
  const kernel = fusedKernel();
  buffers ??= new BufferSet(kernel);
  const p = buffers.layout({ x: x.length, y: x.length, gamma: cols, beta: cols, dy: 0, dx: 0, dgamma: 0, dbeta: 0 });
  kernel.write(p.x, x);
  kernel.write(p.gamma, gamma);
  kernel.write(p.beta, beta);
  kernel.exports.layerNormForward(x.length / cols, cols, p.x, gamma.length ? p.gamma : 0, beta.length ? p.beta : 0, epsilon, p.y);
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
  kernel.exports.layerNormBackward(x.length / cols, cols, p.dy, p.x, gamma.length ? p.gamma : 0, epsilon, p.dx, p.dgamma, p.dbeta);
  return { dx: kernel.view(p.dx, x.length), dgamma: kernel.view(p.dgamma, cols), dbeta: kernel.view(p.dbeta, cols) };
}

type LayerNormOp = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor;

/** The custom-gradient op normalising the last axis of x; gamma and beta [cols] or empty. */
function makeLayerNormOp(epsilon: number): LayerNormOp {
  const op = tf.customGrad(((x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, gamma, beta]);
    const cols = x.shape[x.rank - 1];
    const value = tensorFromView(layerNormForward(tensorValues(x), tensorValues(gamma), tensorValues(beta), cols, epsilon), x.shape);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xs, g, b] = saved;
      const grads = layerNormBackward(tensorValues(dy), tensorValues(xs), tensorValues(g), cols, epsilon);
      return [
        tensorFromView(grads.dx, xs.shape),
        present(g) ? tensorFromView(grads.dgamma, g.shape) : tf.zerosLike(g),
        present(b) ? tensorFromView(grads.dbeta, b.shape) : tf.zerosLike(b),
      ];
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op as unknown as LayerNormOp;
}

export class FusedLayerNormalization extends StockLayerNormalization {
  static override className = 'FusedLayerNormalization';
  #op: LayerNormOp | undefined;
  /** Why the last call took the stock path (undefined when it was fused); for tests and diagnostics. */
  lastStockPathReason: string | undefined;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const axis = this.getConfig().axis;
    const lastAxisOnly = Array.isArray(axis) && axis.length === 1 && axis[0] === x.rank - 1;
    this.lastStockPathReason = !lastAxisOnly ? `axis ${JSON.stringify(axis)}` : x.dtype !== 'float32' ? `input dtype ${x.dtype}` : undefined;
    if (this.lastStockPathReason) return super.call(inputs, kwargs);
    this.#op ??= makeLayerNormOp(this.epsilon);
    const op = this.#op;
    return tf.tidy(() => {
      // Weights in the order build() adds them: gamma (scale), then beta (center).
      let next = 0;
      const gamma = this.scale ? this.weights[next++].read() : tf.zeros([0]);
      const beta = this.center ? this.weights[next++].read() : tf.zeros([0]);
      return op(x, gamma, beta);
    });
  }
}
tf.serialization.registerClass(FusedLayerNormalization);

/** Same arguments as tf.layers.layerNormalization. */
export function fusedLayerNormalization(args?: LayerNormalizationLayerArgs): FusedLayerNormalization {
  return new FusedLayerNormalization(args);
}
