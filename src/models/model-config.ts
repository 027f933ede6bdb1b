import { z } from 'zod';
import { forecasterPlugin } from './forecaster-plugins.ts';
import { isPluginReference } from '../core/plugin-reference.ts';

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

export function isNetwork(type: string): boolean {
  return type === 'lstm' || type === 'gru' || type === 'lstm-gru';
}

/**
 * A model block naming a forecaster file of the user's (`model: { type: ./my-model.ts, k: 5 }`,
 * see define-forecaster.ts). When the config loads, `type` becomes the file's absolute path and the
 * file is loaded; the other keys (but `seed`) are the forecaster's params, checked by its schema and
 * kept beside `type` as the block had them, so a parsed block parses again to itself. Plain data.
 */
export interface PluginModelConfig {
  /** The forecaster file's absolute path (which has a separator, unlike every built-in type). */
  type: FilePath;
  /** Overrides the run's seed for this strategy, as for built-in models. */
  seed?: number;
  [param: string]: unknown;
}

/** A path with a separator in it; no built-in model type has one. */
export type FilePath = `${string}/${string}` | `${string}\\${string}`;

const isFilePath = (text: string): text is FilePath => text.includes('/') || text.includes('\\');

/** The forecaster's params in a parsed plug-in model block: every key but `type` and `seed`. */
export function pluginModelParams(model: PluginModelConfig): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(model)) if (key !== 'type' && key !== 'seed') params[key] = value;
  return params;
}

/** The name reports give a model: a built-in type, or a forecaster file's own `type`. */
export function modelName(model: ForecastModelConfig): string {
  return isPluginModel(model) ? (forecasterPlugin(model.type)?.type ?? model.type) : model.type;
}

/** What a forecasting strategy's `model:` block parses to: a built-in model or a user's forecaster file. */
export type ForecastModelConfig = ModelConfig | PluginModelConfig;

export function isPluginModel(model: ForecastModelConfig): model is PluginModelConfig {
  return isFilePath(model.type);
}

/**
 * The `model:` block of a forecasting strategy: a forecaster file (loaded beforehand by the config
 * loader, which also made its type absolute) validated by its own params schema, or a built-in
 * model type.
 */
export const forecastModelSchema: z.ZodType<ForecastModelConfig, unknown> = z.unknown().transform((block, ctx): ForecastModelConfig => {
  const record = typeof block === 'object' && block !== null ? block : {};
  const type = 'type' in record ? record.type : undefined;
  if (typeof type !== 'string' || !isPluginReference(type)) {
    const parsed = modelConfigSchema.safeParse(block ?? {});
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
    return z.NEVER;
  }
  const definition = isFilePath(type) ? forecasterPlugin(type) : undefined;
  if (!definition || !isFilePath(type)) throw new Error(`${type}: forecaster file not loaded; load the config with loadConfig, which loads plug-ins first`);
  const rest = pluginModelParams({ ...record, type });
  const seedParsed = z.number().int().min(0).optional().safeParse('seed' in record ? record.seed : undefined);
  if (!seedParsed.success) {
    ctx.addIssue({ code: 'custom', path: ['seed'], message: 'expected a whole number >= 0' });
    return z.NEVER;
  }
  const params = definition.params.safeParse(rest);
  if (!params.success) {
    for (const issue of params.error.issues) ctx.addIssue({ ...issue });
    return z.NEVER;
  }
  const parsedParams: Record<string, unknown> = typeof params.data === 'object' && params.data !== null ? { ...params.data } : {};
  return { ...parsedParams, type, ...(seedParsed.data === undefined ? {} : { seed: seedParsed.data }) };
});
