import { z } from 'zod';
import type { ForecasterDefinition } from '../define-forecaster.ts';
import { forecasterPlugin } from '../forecaster-plugins.ts';
import { destandardise, type FoldJob, type FoldOutput, type Forecaster } from './forecaster.ts';

/**
 * A model block naming a forecaster file of the user's (`model: { type: ./my-model.ts, k: 5 }`,
 * see define-forecaster.ts). When the config loads, `type` becomes the file's absolute path and the
 * file is loaded (src/config/plugin-files.ts); the other keys but `seed` are the forecaster's
 * params, checked by its own schema and kept beside `type`, so a parsed block parses again to
 * itself. Plain data, like every model block.
 */
export interface PluginModelConfig {
  /** The forecaster file's absolute path (it has a separator, unlike every built-in type). */
  type: FilePath;
  /** Overrides the run's seed for this strategy, as for built-in models. */
  seed?: number;
  [param: string]: unknown;
}

/** A path with a separator in it; no built-in model type has one. */
export type FilePath = `${string}/${string}` | `${string}\\${string}`;

const isFilePath = (text: string): text is FilePath => text.includes('/') || text.includes('\\');

export function isPluginModel(model: { type: string }): model is PluginModelConfig {
  return isFilePath(model.type);
}

/** The forecaster's params in a parsed plug-in model block: every key but `type` and `seed`. */
function pluginModelParams(model: PluginModelConfig): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(model)) if (key !== 'type' && key !== 'seed') params[key] = value;
  return params;
}

/** The loaded definition behind a plug-in model block, or why there is none. */
function definitionOf(type: string): ForecasterDefinition {
  const definition = isFilePath(type) ? forecasterPlugin(type) : undefined;
  if (!definition) throw new Error(`${type}: forecaster file not loaded; load the config with loadConfig, which loads plug-ins first`);
  return definition;
}

/**
 * A plug-in model block (`type` a loaded file's path): checked by the file's own params schema,
 * the seed as for built-in models.
 */
export const pluginModelSchema: z.ZodType<PluginModelConfig, unknown> = z
  .object({ type: z.string() })
  .passthrough()
  .transform((block, ctx): PluginModelConfig => {
    const definition = definitionOf(block.type);
    if (!isFilePath(block.type)) return z.NEVER;
    const seed = z.number().int().min(0).optional().safeParse(block.seed);
    if (!seed.success) {
      ctx.addIssue({ code: 'custom', path: ['seed'], message: 'expected a whole number >= 0' });
      return z.NEVER;
    }
    const params = definition.params.safeParse(pluginModelParams({ ...block, type: block.type }));
    if (!params.success) {
      for (const issue of params.error.issues) ctx.addIssue({ ...issue });
      return z.NEVER;
    }
    const parsedParams: Record<string, unknown> = typeof params.data === 'object' && params.data !== null ? { ...params.data } : {};
    return { ...parsedParams, type: block.type, ...(seed.data === undefined ? {} : { seed: seed.data }) };
  });

/** The name reports give a model: a built-in type, or a forecaster file's own `type`. */
export function modelName(model: { type: string }): string {
  return isPluginModel(model) ? (forecasterPlugin(model.type)?.type ?? model.type) : model.type;
}

/**
 * The registry's view of a user's forecaster file: its trainFold gets the fold as plain arrays
 * and returns standardised forecasts, which go back to log-return units here as every built-in
 * forecaster's do. It needs no tfjs, so its folds train in the process that loaded the file (a
 * worker thread would have to load it again).
 */
export function pluginForecaster(model: PluginModelConfig): Forecaster<PluginModelConfig> {
  const definition = definitionOf(model.type);
  const forecast = async (job: FoldJob<PluginModelConfig>): Promise<Float64Array> => {
    const predictions = await definition.trainFold({
      params: pluginModelParams(job.model),
      foldIndex: job.foldIndex,
      seed: job.seed,
      lookback: job.lookback,
      featureCount: job.featureCount,
      xTrain: job.xTrain,
      yTrain: job.yTrain,
      xValidation: job.xValidation,
      yValidation: job.yValidation,
      xTest: job.xTest,
    });
    return destandardise(predictions, job);
  };
  return {
    type: model.type,
    description: definition.description,
    params: pluginModelSchema,
    needsTfjs: () => false,
    epochsPerFold: () => 1,
    async trainFold(job): Promise<FoldOutput> {
      const started = performance.now();
      const forecasts = await forecast(job);
      return {
        foldIndex: job.foldIndex,
        forecasts,
        engine: 'none',
        epochsRun: 1,
        bestEpoch: 1,
        trainLoss: [],
        validationLoss: [],
        trainSeconds: (performance.now() - started) / 1000,
      };
    },
    // defineForecaster asks trainFold to be a function of the fold alone, so the saved form of a
    // user's model is its file and params: training again gives the same forecasts.
    forecastSaved: async (job) => ({ forecasts: await forecast(job) }),
  };
}
