import { pluginModelParams, type PluginModelConfig } from '../models/model-config.ts';
import { forecasterPlugin } from '../models/forecaster-plugins.ts';
import type { FoldJob, FoldOutput } from './fold-job.ts';

/**
 * One fold of a user's forecaster (define-forecaster.ts): the job as plain arrays and its params
 * in, one forecast per test window (standardised, like a network's predictions) out. It trains in
 * the process that loaded the file (a worker would have to load it again), serially.
 */
export async function trainPluginFold(job: FoldJob, model: PluginModelConfig): Promise<FoldOutput> {
  const definition = forecasterPlugin(model.type);
  if (!definition) throw new Error(`${model.type}: forecaster file not loaded in this process`);
  const started = performance.now();
  const forecasts = await definition.trainFold({
    params: pluginModelParams(model),
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
  return {
    foldIndex: job.foldIndex,
    predictions: Float32Array.from(forecasts),
    engine: 'none',
    epochsRun: 1,
    bestEpoch: 1,
    trainLoss: [],
    validationLoss: [],
    trainSeconds: (performance.now() - started) / 1000,
  };
}
