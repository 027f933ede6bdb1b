/**
 * Params every network forecaster shares (how it trains, its Dense head), spread into each
 * type's own strict schema so a config error names that type's fields only.
 */
import { z } from 'zod';

export const units = z.number().int().min(1).max(4096);

/** Overrides the run's seed for this strategy; fold seeds derive from it and the fold index. Every type accepts it. */
export const seedShape = { seed: z.number().int().min(0).optional() };

/** How a network trains: Adam on MSE, early stopping on the validation tail. */
export const trainingShape = {
  learningRate: z.number().positive().max(1).default(0.001),
  epochs: z.number().int().min(1).max(10_000).default(20),
  batchSize: z.number().int().min(1).max(65_536).default(32),
  /** Early stopping on the validation tail: epochs without improvement before stopping (0 = never). */
  patience: z.number().int().min(0).default(5),
  /** Clip each gradient tensor to this L2 norm (Keras `clipnorm`). */
  clipNorm: z.number().positive().optional(),
  /** L2 penalty on every kernel of the network. */
  l2: z.number().min(0).default(0),
  ...seedShape,
};

/** Hidden Dense layers before the final Dense(1), e.g. [25]. */
export const denseHeadShape = {
  dense: z.array(units).default([]),
  denseActivation: z.enum(['linear', 'relu', 'tanh']).default('linear'),
};

export const dropoutRate = z.number().min(0).max(0.9);

/** What fitNetwork and the optimizer read of any network's params. */
export interface TrainingParams {
  learningRate: number;
  epochs: number;
  batchSize: number;
  patience: number;
  clipNorm?: number;
  l2: number;
}

export interface DenseHeadParams {
  dense: number[];
  denseActivation: 'linear' | 'relu' | 'tanh';
}

/** Stacked recurrent layers (lstm, gru, lstm-gru): the seeds' shape. */
export const recurrentShape = {
  /** Units of each stacked recurrent layer; `lstm-gru` makes the first LSTM and the rest GRU. */
  layers: z.array(units).min(1).default([32]),
  /** Dropout between consecutive recurrent layers (Keras seeds: LSTM, Dropout(0.2), LSTM). */
  dropout: dropoutRate.default(0),
  /** Dropout on each recurrent layer's inputs and recurrent state (tfjs cells support both). */
  recurrentDropout: dropoutRate.default(0),
  recurrentActivation: z.enum(['sigmoid', 'hardSigmoid']).default('sigmoid'),
  ...denseHeadShape,
  ...trainingShape,
};

/** The 1-D convolution front end of `cnn` and `cnn-lstm`. */
export const convolutionShape = {
  /** Filters of each Conv1D layer, in order. */
  filters: z.array(units).min(1).default([64]),
  kernelSize: z.number().int().min(1).max(64).default(3),
  /** Dilation growth: layer i (from 0) dilates by dilation^i (2 gives the TCN/WaveNet 1, 2, 4, ...). */
  dilation: z.number().int().min(1).max(8).default(1),
  /** causal: left zero padding keeps the length (position t sees t and earlier); valid: no padding, shorter output. */
  padding: z.enum(['causal', 'valid']).default('causal'),
  convActivation: z.enum(['relu', 'tanh', 'linear']).default('relu'),
  /** After the conv stack: max or average pooling over poolSize steps, or none. */
  pooling: z.enum(['max', 'average', 'none']).default('max'),
  poolSize: z.number().int().min(1).max(64).default(2),
};

export interface ConvolutionParams {
  filters: number[];
  kernelSize: number;
  dilation: number;
  padding: 'causal' | 'valid';
  convActivation: 'relu' | 'tanh' | 'linear';
  pooling: 'max' | 'average' | 'none';
  poolSize: number;
}

/** Steps left after the conv stack and pooling, from `lookback` steps in. */
export function convolvedLength(params: ConvolutionParams, lookback: number): number {
  let length = lookback;
  params.filters.forEach((_, i) => {
    if (params.padding === 'valid') length -= (params.kernelSize - 1) * params.dilation ** i;
  });
  if (params.pooling !== 'none') length = Math.floor(length / params.poolSize);
  return length;
}
