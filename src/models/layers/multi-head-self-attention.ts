/**
 * MultiHeadSelfAttention: scaled dot-product self-attention over the steps of a sequence
 * [batch, steps, features] with `numHeads` heads of `keyDim` each (Vaswani et al. 2017; Keras's
 * MultiHeadAttention with query = key = value). tfjs-layers has no attention layer. Every step may
 * attend to every step of the window: the window ends at the bar the forecast is made at, so all of
 * it is past. Serialisable (registered as MultiHeadSelfAttention); test/models/layers checks its
 * gradients against finite differences.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import { lastDimension, sequenceInput, singleShape } from './layer-io.ts';

export interface MultiHeadSelfAttentionArgs extends LayerArgs {
  numHeads: number;
  /** Width of each head's queries, keys and values. */
  keyDim: number;
  l2?: number;
}

type Kwargs = Record<string, unknown>;

export class MultiHeadSelfAttention extends tf.layers.Layer {
  static className = 'MultiHeadSelfAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  readonly l2: number;
  private query?: tf.LayerVariable;
  private queryBias?: tf.LayerVariable;
  private key?: tf.LayerVariable;
  private keyBias?: tf.LayerVariable;
  private value?: tf.LayerVariable;
  private valueBias?: tf.LayerVariable;
  private outputKernel?: tf.LayerVariable;
  private outputBias?: tf.LayerVariable;

  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args);
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
    this.l2 = args.l2 ?? 0;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = lastDimension(singleShape(inputShape));
    const width = this.numHeads * this.keyDim;
    const kernel = (name: string, shape: number[]) =>
      this.addWeight(name, shape, 'float32', tf.initializers.glorotUniform({}), this.l2 > 0 ? tf.regularizers.l2({ l2: this.l2 }) : undefined);
    const bias = (name: string, size: number) => this.addWeight(name, [size], 'float32', tf.initializers.zeros());
    this.query = kernel('query_kernel', [features, width]);
    this.queryBias = bias('query_bias', width);
    this.key = kernel('key_kernel', [features, width]);
    this.keyBias = bias('key_bias', width);
    this.value = kernel('value_kernel', [features, width]);
    this.valueBias = bias('value_bias', width);
    this.outputKernel = kernel('output_kernel', [width, features]);
    this.outputBias = bias('output_bias', features);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape);
  }

  /** x W + b per step, split into heads: [batch x heads, steps, keyDim] (3-D batches run faster than 4-D on tfjs-wasm). */
  private project(x: tf.Tensor3D, kernel: tf.LayerVariable, bias: tf.LayerVariable): tf.Tensor3D {
    const [batch, steps, features] = x.shape;
    const flat = tf.add(tf.matMul(tf.reshape(x, [batch * steps, features]), kernel.read()), bias.read());
    const heads = tf.transpose(tf.reshape(flat, [batch, steps, this.numHeads, this.keyDim]), [0, 2, 1, 3]);
    return tf.reshape<tf.Rank.R3>(heads, [batch * this.numHeads, steps, this.keyDim]);
  }

  /** Softmax(Q Kᵀ / sqrt(keyDim)) per head, [batch x heads, queries, keys] (each row sums to 1), and the values. */
  private weightsAndValues(x: tf.Tensor3D): { weights: tf.Tensor3D; values: tf.Tensor3D } {
    const queries = this.project(x, this.query!, this.queryBias!);
    const keys = this.project(x, this.key!, this.keyBias!);
    const values = this.project(x, this.value!, this.valueBias!);
    const scores = tf.div<tf.Tensor3D>(tf.matMul(queries, keys, false, true), Math.sqrt(this.keyDim));
    return { weights: tf.softmax(scores, -1), values };
  }

  /** The attention weights, [batch, heads, queries, keys] (which steps each step looks at). */
  attentionWeights(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor4D {
    return tf.tidy(() => {
      const x = sequenceInput(inputs);
      const [batch, steps] = x.shape;
      return tf.reshape<tf.Rank.R4>(this.weightsAndValues(x).weights, [batch, this.numHeads, steps, steps]);
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = sequenceInput(inputs);
      const [batch, steps, features] = x.shape;
      const { weights, values } = this.weightsAndValues(x);
      const context = tf.reshape(tf.matMul(weights, values), [batch, this.numHeads, steps, this.keyDim]);
      const flat = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch * steps, this.numHeads * this.keyDim]);
      return tf.reshape(tf.add(tf.matMul(flat, this.outputKernel!.read()), this.outputBias!.read()), [batch, steps, features]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numHeads: this.numHeads, keyDim: this.keyDim, l2: this.l2 };
  }
}
tf.serialization.registerClass(MultiHeadSelfAttention);

export function multiHeadSelfAttention(args: MultiHeadSelfAttentionArgs): MultiHeadSelfAttention {
  return new MultiHeadSelfAttention(args);
}
