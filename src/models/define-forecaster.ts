import type { z } from 'zod';
import type { FoldJob } from './forecasters/forecaster.ts';

/**
 * A forecaster of your own: how it trains on one walk-forward fold and forecasts that fold's test
 * windows. walkforward does the rest as for its built-in models: features, folds (with the purge
 * gap), the scaler fitted on training rows only, stitching every fold's forecasts into one
 * out-of-sample series, the signal rule, costs, metrics and the comparison with naive.
 */

/**
 * One walk-forward fold as a forecaster sees it: plain arrays, nothing of the test period's targets
 * (FoldJob's fields: windows row-major [samples, lookback, featureCount] scaled with the fold's
 * training-only scaler, yTrain the horizon's forward log return standardised with the training
 * targets' mean and sd, xValidation/yValidation the training window's tail held out for early
 * stopping, xTest one window per test bar, seed derived from the run's seed and the fold index:
 * draw any randomness from it).
 */
export type ForecasterFold<P> = Pick<FoldJob, 'foldIndex' | 'seed' | 'lookback' | 'featureCount' | 'xTrain' | 'yTrain' | 'xValidation' | 'yValidation' | 'xTest'> & {
  /** The model block's params as the forecaster's schema parsed them (defaults filled in). */
  params: P;
};

export interface ForecasterDefinition<P = unknown> {
  /** A name for reports and messages (a config names the file, `model: { type: ./my-model.ts }`). */
  type: string;
  description: string;
  /** The model block's keys besides `type`, validated here (defaults filled in). */
  params: z.ZodType<P>;
  /**
   * Train on the fold's training windows and forecast each of its test windows, in the units of
   * yTrain (standardised): one number per test window. Must be a function of the fold alone:
   * the same fold gives the same forecasts.
   */
  trainFold(fold: ForecasterFold<P>): ArrayLike<number> | Promise<ArrayLike<number>>;
}

/**
 * Declare a forecaster, typed end to end (`trainFold` receives what `params` parses to), checked
 * for shape where it is made. A user's model file exports its result as the default export.
 */
export function defineForecaster<P>(definition: ForecasterDefinition<P>): ForecasterDefinition<P> {
  const problems = forecasterDefinitionProblems(definition);
  if (problems.length > 0) throw new TypeError(`defineForecaster: ${problems.join('; ')}`);
  return definition;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** What is wrong with `value` as a forecaster definition (structural, as for strategies). */
export function forecasterDefinitionProblems(value: unknown): string[] {
  if (!isRecord(value)) return [`expected an object made with defineForecaster, got ${value === null ? 'null' : typeof value}`];
  const problems: string[] = [];
  if (typeof value.type !== 'string' || value.type.trim() === '') problems.push('type: expected a non-empty string');
  if (typeof value.description !== 'string') problems.push('description: expected a string');
  if (!isRecord(value.params) || typeof value.params.safeParse !== 'function') problems.push('params: expected a zod schema (z.object({...}))');
  if (typeof value.trainFold !== 'function') problems.push('trainFold: expected a function (fold) => one forecast per test window');
  return problems;
}

export function isForecasterDefinition(value: unknown): value is ForecasterDefinition {
  return forecasterDefinitionProblems(value).length === 0;
}
