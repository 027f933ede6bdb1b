import { z } from 'zod';

const units = z.number().int().min(1).max(4096);

/**
 * The forecaster of a model strategy. Recurrent types (lstm, gru, lstm-gru) are TensorFlow.js
 * networks; `naive` predicts a zero return (tomorrow's close = today's) and `linear` is ridge
 * regression on the window's last feature row: the baselines every network must beat.
 */
export const modelConfigSchema = z.strictObject({
  type: z.enum(['lstm', 'gru', 'lstm-gru', 'naive', 'linear']).default('lstm'),
  /** Units of each stacked recurrent layer; `lstm-gru` makes the first LSTM and the rest GRU. */
  layers: z.array(units).min(1).default([32]),
  /** Dropout between consecutive recurrent layers (Keras seeds: LSTM, Dropout(0.2), LSTM). */
  dropout: z.number().min(0).max(0.9).default(0),
  /** Dropout on each recurrent layer's inputs and recurrent state (tfjs cells support both). */
  recurrentDropout: z.number().min(0).max(0.9).default(0),
  recurrentActivation: z.enum(['sigmoid', 'hardSigmoid']).default('sigmoid'),
  /** Hidden Dense layers before the final Dense(1), e.g. [25]. */
  dense: z.array(units).default([]),
  denseActivation: z.enum(['linear', 'relu', 'tanh']).default('linear'),
  learningRate: z.number().positive().max(1).default(0.001),
  epochs: z.number().int().min(1).max(10_000).default(20),
  batchSize: z.number().int().min(1).max(65_536).default(32),
  /** Early stopping on the validation tail: epochs without improvement before stopping (0 = never). */
  patience: z.number().int().min(0).default(5),
  /** Clip each gradient tensor to this L2 norm (Keras `clipnorm`). */
  clipNorm: z.number().positive().optional(),
  /** L2 penalty on every kernel of the network. */
  l2: z.number().min(0).default(0),
  /** Ridge penalty of the `linear` baseline (on standardised features). */
  ridgeAlpha: z.number().min(0).default(1),
  /** Overrides the run's seed for this strategy; fold seeds derive from it and the fold index. */
  seed: z.number().int().min(0).optional(),
});

export type ModelConfig = z.infer<typeof modelConfigSchema>;
export type RecurrentKind = 'lstm' | 'gru';

export function isNetwork(type: ModelConfig['type']): boolean {
  return type === 'lstm' || type === 'gru' || type === 'lstm-gru';
}
