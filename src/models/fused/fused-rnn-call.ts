/**
 * The fused forward/backward pass of FusedLSTM, FusedGRU and FusedSimpleRNN: dropout masks and time reversal in
 * tfjs ops, then one kernel call each way wrapped in tf.customGrad so tfjs optimizers train the
 * layer's variables.
 */
import * as tf from '@tensorflow/tfjs';
import { tensorFromView, tensorValues } from './backend-views.ts';
import type { FusedRnnRunner } from './rnn-runner.ts';
import type { RecurrentActivationCode } from './wasm-kernel.ts';

/** The stock cell fields the fused pass reads (LSTMCell, GRUCell and SimpleRNNCell share them). */
export interface StockCellView {
  units: number;
  dropout: number;
  recurrentDropout: number;
  /** tfjs's test hook for deterministic dropout masks: (ones, rate) => mask. */
  dropoutFunc?: (ones: tf.Tensor, rate: number) => tf.Tensor;
  activation: { getClassName(): string };
  /** The gates' activation; SimpleRNNCell has no gates and no such field. */
  recurrentActivation?: { getClassName(): string };
  kernel: { read(): tf.Tensor };
  recurrentKernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null;
}

/** The stock RNN layer fields that decide whether the fused pass applies. */
export interface StockRnnView {
  /** An LSTMCell, GRUCell or SimpleRNNCell; tfjs types it as RNNCell, see cellOf. */
  cell: unknown;
  returnSequences: boolean;
  returnState: boolean;
  goBackwards: boolean;
  stateful: boolean;
}

/** A layer call's keyword arguments (mask, training, initialState). */
export type Kwargs = Record<string, unknown>;

/**
 * The layer's cell with the fields the fused pass reads. tfjs declares RNN.cell as RNNCell (which
 * has none of them) and LSTMCell.bias as never null (it is null without useBias), hence this view.
 */
export function cellOf(layer: StockRnnView): StockCellView {
  return layer.cell as StockCellView;
}

/** The kernel's code for a gate activation, or undefined if only the stock path supports it. */
function recurrentCode(activation: { getClassName(): string }): RecurrentActivationCode | undefined {
  const name = activation.getClassName();
  if (name === 'sigmoid') return 0;
  if (name === 'hardSigmoid') return 1;
  return undefined;
}

/**
 * Why this call must take the stock tfjs path (features the kernel does not implement), or
 * undefined if the fused kernel handles it.
 */
export function stockPathReason(layer: StockRnnView, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs | undefined): string | undefined {
  const cell = cellOf(layer);
  if (Array.isArray(inputs) && inputs.length > 1) return 'an initial state';
  if (kwargs?.initialState != null) return 'an initial state';
  if (layer.returnState) return 'returnState';
  if (layer.stateful) return 'stateful';
  if (cell.activation.getClassName() !== 'tanh') return `activation ${cell.activation.getClassName()}`;
  if (cell.recurrentActivation && recurrentCode(cell.recurrentActivation) === undefined) {
    return `recurrentActivation ${cell.recurrentActivation.getClassName()}`;
  }
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (x.rank !== 3) return `input rank ${x.rank}`;
  if (x.dtype !== 'float32') return `input dtype ${x.dtype}`;
  return undefined;
}

/** The layer's custom-gradient op (see makeFusedOp). */
export type FusedOp = (x: tf.Tensor, kernel: tf.Tensor, recurrentKernel: tf.Tensor, bias: tf.Tensor,
  recurrentMask: tf.Tensor, stepMask: tf.Tensor) => tf.Tensor;

/** An empty tensor stands for "no mask" (customGrad takes tensors only). */
const present = (mask: tf.Tensor): boolean => mask.size > 0;

/**
 * Build the custom-gradient op for one layer; `runner` holds that layer's wasm buffers. Inputs are
 * (x, kernel, recurrentKernel, bias, recurrentMask [B,H], stepMask [B,T]); the masks are constants
 * (zero gradient) and may be empty.
 */
export function makeFusedOp<Forward extends string, Backward extends string>(runner: FusedRnnRunner<Forward, Backward>,
  cell: StockCellView, returnSequences: boolean): FusedOp {
  const recurrentActivation = cell.recurrentActivation && recurrentCode(cell.recurrentActivation);
  if (cell.recurrentActivation && recurrentActivation === undefined) {
    throw new Error(`fused kernel: recurrentActivation ${cell.recurrentActivation.getClassName()} belongs on the stock path`);
  }
  const op = tf.customGrad(((x: tf.Tensor, W: tf.Tensor, U: tf.Tensor, b: tf.Tensor, recurrentMask: tf.Tensor,
    stepMask: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, W, U, b, recurrentMask, stepMask]);
    const [batch, steps, inputDim] = x.shape;
    const units = cell.units;
    const shape = { batch, steps, inputDim, units };
    const run = (inputs: tf.Tensor[]) => {
      const [xs, Ws, Us, bs, rm, sm] = inputs.map(tensorValues);
      return runner.forward(shape, recurrentActivation, xs, Ws, Us, bs, returnSequences,
        present(inputs[4]) ? rm : undefined, present(inputs[5]) ? sm : undefined);
    };
    const { output, token } = run([x, W, U, b, recurrentMask, stepMask]);
    const value = tensorFromView(output, returnSequences ? [batch, steps, units] : [batch, units]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      // Another forward call on this layer (e.g. a shared layer) overwrote the saved activations.
      if (!runner.holds(token)) run(saved);
      const g = runner.backward(tensorValues(dy), returnSequences);
      return [
        tensorFromView(g.dx, x.shape),
        tensorFromView(g.dKernel, W.shape),
        tensorFromView(g.dRecurrentKernel, U.shape),
        tensorFromView(g.dBias, b.shape),
        tf.zerosLike(recurrentMask),
        tf.zerosLike(stepMask),
      ];
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op as unknown as FusedOp;
}

/**
 * The mask kwarg (e.g. from a Masking layer: [B,T], true = real step) as float32 [B,T], in the order
 * the steps run (reversed for goBackwards); empty when there is none.
 */
function stepMaskOf(kwargs: Kwargs | undefined, layer: StockRnnView, x: tf.Tensor): tf.Tensor {
  const mask = kwargs?.mask as tf.Tensor | null | undefined;
  if (mask == null) return tf.zeros([0]);
  const [batch, steps] = x.shape;
  const stepMask = tf.reshape(tf.cast(mask, 'float32'), [batch, steps]);
  return layer.goBackwards ? tf.reverse(stepMask, 1) : stepMask;
}

/** A training-time dropout mask of ones scaled like tf.dropout (or from the cell's dropoutFunc). */
function dropoutMask(cell: StockCellView, shape: number[], rate: number): tf.Tensor {
  const ones = tf.ones(shape);
  return cell.dropoutFunc ? cell.dropoutFunc(ones, rate) : tf.dropout(ones, rate);
}

/**
 * The fused layer call. In training, as tfjs's cells do: input dropout with one mask per sample
 * for all steps, and recurrent dropout with one [B,H] mask on h_{t-1} for all steps.
 */
export function fusedCall(op: FusedOp, layer: StockRnnView, gateCount: number, inputs: tf.Tensor | tf.Tensor[],
  kwargs: Kwargs | undefined): tf.Tensor {
  const cell = cellOf(layer);
  return tf.tidy(() => {
    let x = Array.isArray(inputs) ? inputs[0] : inputs;
    // goBackwards: tfjs runs the steps last to first and returns outputs in that (reversed) order.
    if (layer.goBackwards) x = tf.reverse(x, 1);
    const training = kwargs?.training === true;
    const [batch, , inputDim] = x.shape;
    if (training && cell.dropout > 0 && cell.dropout < 1) {
      x = tf.mul(x, tf.reshape(dropoutMask(cell, [batch, inputDim], cell.dropout), [batch, 1, inputDim]));
    }
    const bias = cell.bias ? cell.bias.read() : tf.zeros([gateCount * cell.units]);
    const recurrentMask = training && cell.recurrentDropout > 0 && cell.recurrentDropout < 1
      ? dropoutMask(cell, [batch, cell.units], cell.recurrentDropout)
      : tf.zeros([0]);
    return op(x, cell.kernel.read(), cell.recurrentKernel.read(), bias, recurrentMask, stepMaskOf(kwargs, layer, x));
  });
}
