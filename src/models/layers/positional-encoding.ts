/**
 * PositionalEncoding: adds each step's position to a sequence [batch, steps, features], since
 * self-attention alone cannot tell the order of the steps. `sinusoidal`: the fixed encoding of
 * Vaswani et al. (sin/cos of position / 10000^(2i/features)), no weights; `learned`: one trained
 * vector per step (BERT-style, initialised N(0, 0.02)). Serialisable (registered as PositionalEncoding).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import { lastDimension, sequenceInput, singleShape } from './layer-io.ts';

export interface PositionalEncodingArgs extends LayerArgs {
  kind: 'sinusoidal' | 'learned';
}

type Kwargs = Record<string, unknown>;

/** The sinusoidal table, [steps, features]: even features sin, odd features cos. */
export function sinusoidalTable(steps: number, features: number): Float32Array {
  const table = new Float32Array(steps * features);
  for (let position = 0; position < steps; position++) {
    for (let i = 0; i < features; i++) {
      const angle = position / 10000 ** ((2 * Math.floor(i / 2)) / features);
      table[position * features + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return table;
}

export class PositionalEncoding extends tf.layers.Layer {
  static className = 'PositionalEncoding';
  readonly kind: 'sinusoidal' | 'learned';
  private positions?: tf.LayerVariable;

  constructor(args: PositionalEncodingArgs) {
    super(args);
    this.kind = args.kind;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    const steps = shape[1];
    if (this.kind === 'learned') {
      if (steps === null || steps === undefined) throw new Error('learned positional encoding needs a fixed number of steps');
      this.positions = this.addWeight('positions', [steps, lastDimension(shape)], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 0.02 }));
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = sequenceInput(inputs);
      const [, steps, features] = x.shape;
      const table = this.positions ? this.positions.read() : tf.tensor2d(sinusoidalTable(steps, features), [steps, features]);
      return tf.add(x, table);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), kind: this.kind };
  }
}
tf.serialization.registerClass(PositionalEncoding);

export function positionalEncoding(args: PositionalEncodingArgs): PositionalEncoding {
  return new PositionalEncoding(args);
}

/** LastStep: [batch, steps, features] -> [batch, features], the last step (the bar the forecast is made at). */
export class LastStep extends tf.layers.Layer {
  static className = 'LastStep';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(inputShape);
    return [shape[0], shape[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = sequenceInput(inputs);
      const [batch, steps, features] = x.shape;
      return tf.reshape(tf.slice(x, [0, steps - 1, 0], [batch, 1, features]), [batch, features]);
    });
  }
}
tf.serialization.registerClass(LastStep);

export function lastStep(args: LayerArgs = {}): LastStep {
  return new LastStep(args);
}
