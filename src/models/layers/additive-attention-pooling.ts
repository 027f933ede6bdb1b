/**
 * AdditiveAttentionPooling: Bahdanau-style attention that pools a sequence [batch, steps, units]
 * into one vector [batch, units]: score_t = v · tanh(W h_t + b), weights = softmax over the steps,
 * output = sum_t weight_t h_t. `attentionWeights` gives the weights themselves (which steps of the
 * lookback window the model looks at). Serialisable (registered as AdditiveAttentionPooling).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import { lastDimension, sequenceInput, singleShape } from './layer-io.ts';

export interface AdditiveAttentionPoolingArgs extends LayerArgs {
  /** Width of the scoring layer (W's columns). */
  units: number;
  l2?: number;
}

type Kwargs = Record<string, unknown>;

export class AdditiveAttentionPooling extends tf.layers.Layer {
  static className = 'AdditiveAttentionPooling';
  readonly units: number;
  readonly l2: number;
  private w?: tf.LayerVariable;
  private b?: tf.LayerVariable;
  private v?: tf.LayerVariable;

  constructor(args: AdditiveAttentionPoolingArgs) {
    super(args);
    this.units = args.units;
    this.l2 = args.l2 ?? 0;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    const features = lastDimension(shape);
    const regularizer = this.l2 > 0 ? tf.regularizers.l2({ l2: this.l2 }) : undefined;
    this.w = this.addWeight('kernel', [features, this.units], 'float32', tf.initializers.glorotUniform({}), regularizer);
    this.b = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.v = this.addWeight('score', [this.units, 1], 'float32', tf.initializers.glorotUniform({}), regularizer);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(inputShape);
    return [shape[0], shape[2]];
  }

  /** Softmax weights over the steps, [batch, steps]; each row sums to 1. */
  attentionWeights(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor2D {
    return tf.tidy(() => {
      const sequence = sequenceInput(inputs);
      const [batch, steps, features] = sequence.shape;
      const hidden = tf.tanh(tf.add(tf.matMul(tf.reshape(sequence, [batch * steps, features]), this.w!.read()), this.b!.read()));
      const scores = tf.reshape<tf.Rank.R2>(tf.matMul(hidden, this.v!.read()), [batch, steps]);
      return tf.softmax(scores, -1);
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const sequence = sequenceInput(inputs);
      const weights = this.attentionWeights(sequence);
      return tf.sum(tf.mul(sequence, tf.expandDims(weights, 2)), 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, l2: this.l2 };
  }
}
tf.serialization.registerClass(AdditiveAttentionPooling);

export function additiveAttentionPooling(args: AdditiveAttentionPoolingArgs): AdditiveAttentionPooling {
  return new AdditiveAttentionPooling(args);
}
