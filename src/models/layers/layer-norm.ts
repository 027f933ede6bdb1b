/**
 * LayerNorm: normalise each step's features to mean 0 and variance 1, then scale (gamma) and
 * shift (beta), as Keras's LayerNormalization over the last axis. tfjs-layers has one, but its
 * training step on the wasm backend took ~45x longer than a Dense layer of the same width (280 ms a
 * batch of [32, 30, 32], bench/forecaster-step.ts); this one is plain mean/sub/mul/rsqrt ops
 * whose gradients tfjs differentiates, or, where the fused kernels are selected (the model
 * builder's fused: true on wasm/cpu), one fused kernel call each way. Serialisable (registered as
 * LayerNorm, the same config either way).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import { fusedKernelsInUse } from '../fused/kernel-overrides.ts';
import { fusedLayerNormOp, type LayerNormOp } from '../fused/layer-norm-op.ts';
import { lastDimension, singleShape } from './layer-io.ts';

export interface LayerNormArgs extends LayerArgs {
  epsilon?: number;
}

type Kwargs = Record<string, unknown>;

export class LayerNorm extends tf.layers.Layer {
  static className = 'LayerNorm';
  readonly epsilon: number;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;
  #fusedOp: LayerNormOp | undefined;

  constructor(args: LayerNormArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-6;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = lastDimension(singleShape(inputShape));
    this.gamma = this.addWeight('gamma', [features], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [features], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x.dtype === 'float32' && fusedKernelsInUse(tf.getBackend())) {
        this.#fusedOp ??= fusedLayerNormOp(this.epsilon);
        return this.#fusedOp(x, this.gamma!.read(), this.beta!.read());
      }
      const centred = tf.sub(x, tf.mean(x, -1, true));
      const variance = tf.mean(tf.square(centred), -1, true);
      const normalised = tf.mul(centred, tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalised, this.gamma!.read()), this.beta!.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(LayerNorm);

export function layerNorm(args: LayerNormArgs = {}): LayerNorm {
  return new LayerNorm(args);
}
