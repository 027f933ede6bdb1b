/**
 * CausalConv1D: a 1-D convolution over time whose output at step t sees steps t, t - d, ...,
 * t - (k-1)d only (left zero padding), with any dilation d. tfjs's conv1d throws on causal padding
 * ("not implemented yet"), cannot train a dilated kernel (its conv2d gradient rejects dilation > 1)
 * and cannot train at all on the wasm backend (no Conv2DBackpropFilter kernel), so this layer writes the
 * convolution as its k shifted taps side by side (causal-taps.ts: one pad and one gather each way)
 * times one [k x channels, filters] kernel. Serialisable (registered as CausalConv1D).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import { causalTaps } from './causal-taps.ts';
import { lastDimension, sequenceInput, singleShape } from './layer-io.ts';

export interface CausalConv1DArgs extends LayerArgs {
  filters: number;
  kernelSize: number;
  dilationRate?: number;
  /** causal (default): output as long as the input; valid: no padding, (kernelSize - 1) x dilation steps shorter. */
  padding?: 'causal' | 'valid';
  activation?: 'relu' | 'tanh' | 'linear';
  /** L2 penalty on the kernel. */
  l2?: number;
}

type Kwargs = Record<string, unknown>;

export class CausalConv1D extends tf.layers.Layer {
  static className = 'CausalConv1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly dilationRate: number;
  readonly padding: 'causal' | 'valid';
  readonly activationName: 'relu' | 'tanh' | 'linear';
  readonly l2: number;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: CausalConv1DArgs) {
    super(args);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.dilationRate = args.dilationRate ?? 1;
    this.padding = args.padding ?? 'causal';
    this.activationName = args.activation ?? 'linear';
    this.l2 = args.l2 ?? 0;
  }

  /** Steps the kernel spans back from the current one. */
  private get reach(): number {
    return (this.kernelSize - 1) * this.dilationRate;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    const channels = lastDimension(shape);
    this.kernel = this.addWeight(
      'kernel',
      [this.kernelSize * channels, this.filters],
      'float32',
      tf.initializers.glorotUniform({}),
      this.l2 > 0 ? tf.regularizers.l2({ l2: this.l2 }) : undefined,
    );
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(inputShape);
    const steps = shape[1];
    return [shape[0], steps === null ? null : this.padding === 'causal' ? steps : steps - this.reach, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = sequenceInput(inputs);
      const batch = x.shape[0];
      const padLeft = this.padding === 'causal' ? this.reach : 0;
      const outSteps = x.shape[1] + padLeft - this.reach;
      const flat = causalTaps(x, { kernelSize: this.kernelSize, dilationRate: this.dilationRate, padLeft });
      const out = tf.add(tf.matMul(flat, this.kernel!.read()), this.bias!.read());
      const activated = this.activationName === 'relu' ? tf.relu(out) : this.activationName === 'tanh' ? tf.tanh(out) : out;
      return tf.reshape(activated, [batch, outSteps, this.filters]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      dilationRate: this.dilationRate,
      padding: this.padding,
      activation: this.activationName,
      l2: this.l2,
    };
  }
}
tf.serialization.registerClass(CausalConv1D);

export function causalConv1d(args: CausalConv1DArgs): CausalConv1D {
  return new CausalConv1D(args);
}
