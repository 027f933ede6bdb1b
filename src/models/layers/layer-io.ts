/** What every custom layer does with the shapes and tensors tfjs hands it (one or a list of one). */
import type * as tf from '@tensorflow/tfjs';

function isShapeList(shape: tf.Shape | tf.Shape[]): shape is tf.Shape[] {
  return Array.isArray(shape[0]);
}

/** The one input shape of a single-input layer. */
export function singleShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
  if (!isShapeList(shape)) return shape;
  if (shape.length !== 1) throw new Error(`expected one input, got ${shape.length}`);
  return shape[0];
}

/** The one input of a single-input layer, checked to be [batch, steps, features]. */
export function sequenceInput(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor3D {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (x.rank !== 3) throw new Error(`expected a [batch, steps, features] input, got shape [${x.shape}]`);
  return x as tf.Tensor3D;
}

/** The last dimension of a shape (features, channels), which a layer's weights are sized by. */
export function lastDimension(shape: tf.Shape): number {
  const last = shape[shape.length - 1];
  if (last === null || last === undefined) throw new Error(`the last dimension of [${shape}] must be known`);
  return last;
}
