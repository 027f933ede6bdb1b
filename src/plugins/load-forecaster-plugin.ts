import path from 'node:path';
import { UserError } from '../core/errors.ts';
import { forecasterDefinitionProblems, isForecasterDefinition, type ForecasterDefinition } from '../models/define-forecaster.ts';
import { forecasterPlugin, registerForecasterPlugin } from '../models/forecaster-plugins.ts';
import { importUserModule } from './import-user-module.ts';

/**
 * A user's forecaster file (`model: { type: ./my-model.ts }`): its default export, checked to be a
 * forecaster definition (made with defineForecaster), kept for the model blocks naming it. Every
 * problem is a UserError naming the file (`shownAs`).
 */
export async function loadForecasterPlugin(file: string, shownAs = file): Promise<ForecasterDefinition> {
  const absolute = path.resolve(file);
  const known = forecasterPlugin(absolute);
  if (known) return known;
  const namespace = await importUserModule(absolute, shownAs);
  const definition = namespace.default;
  if (definition === undefined) throw new UserError(`${shownAs}: no default export (write \`export default defineForecaster({...})\`)`);
  if (!isForecasterDefinition(definition)) {
    throw new UserError(`${shownAs}: default export is not a forecaster definition: ${forecasterDefinitionProblems(definition).join('; ')}`);
  }
  const guarded = guardForecaster(definition, shownAs);
  registerForecasterPlugin(absolute, guarded);
  return guarded;
}

/**
 * trainFold guarded: a throw becomes a UserError naming the file, and the forecasts must be one
 * finite number per test window (the type promises it; a JavaScript file can return anything).
 */
function guardForecaster(definition: ForecasterDefinition, shownAs: string): ForecasterDefinition {
  return {
    ...definition,
    async trainFold(fold) {
      let forecasts: ArrayLike<number>;
      try {
        forecasts = await definition.trainFold(fold);
      } catch (error) {
        throw new UserError(`${shownAs}: trainFold threw on fold ${fold.foldIndex + 1}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      const expected = fold.xTest.length / (fold.lookback * fold.featureCount);
      if (typeof forecasts?.length !== 'number' || forecasts.length !== expected) {
        throw new UserError(`${shownAs}: trainFold returned ${forecasts?.length ?? 'no'} forecasts for fold ${fold.foldIndex + 1}'s ${expected} test windows (one each)`);
      }
      const bad = Array.from(forecasts).findIndex((value) => typeof value !== 'number' || !Number.isFinite(value));
      if (bad >= 0) throw new UserError(`${shownAs}: trainFold returned ${String(forecasts[bad])} for test window ${bad} of fold ${fold.foldIndex + 1} (forecasts must be finite numbers)`);
      return forecasts;
    },
  };
}
