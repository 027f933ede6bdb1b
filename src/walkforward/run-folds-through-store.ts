import type { FoldOutput, SavedForecasts } from '../models/forecasters/forecaster.ts';
import { forecasterFor, type ModelFoldJob } from '../models/forecasters/index.ts';
import type { FoldProgressListener, FoldRunner } from './fold-job.ts';
import type { FoldModelDescription, FoldModelStore } from './fold-model-store.ts';

/** A fold to run through a store: its job and its description. */
export interface StoredFold {
  job: ModelFoldJob;
  description: FoldModelDescription;
}

/**
 * Run folds through a store: a fold with a saved model is reloaded and forecast
 * (forecastSaved: the same numbers its training gave); the others are trained by `runFolds`
 * into folders the store prepared, then committed. Outputs in fold order, as runFolds gives them.
 */
export async function runFoldsThroughStore(
  folds: readonly StoredFold[],
  store: FoldModelStore,
  runFolds: FoldRunner,
  onProgress: FoldProgressListener,
  onFoldDone?: (foldIndex: number) => void,
): Promise<FoldOutput[]> {
  const outputs: FoldOutput[] = new Array(folds.length);
  const toTrain: Array<{ slot: number; job: ModelFoldJob; description: FoldModelDescription }> = [];
  for (let slot = 0; slot < folds.length; slot++) {
    const { job, description } = folds[slot];
    const savedDir = store.find(description);
    if (savedDir === undefined) {
      toTrain.push({ slot, job: { ...job, saveModelDir: store.prepare(description) }, description });
      continue;
    }
    const started = performance.now();
    const saved: SavedForecasts = await forecasterFor(job.model).forecastSaved({ ...job, saveModelDir: savedDir });
    const output: FoldOutput = {
      foldIndex: job.foldIndex,
      ...saved,
      engine: 'none',
      epochsRun: 0,
      bestEpoch: 0,
      trainLoss: [],
      validationLoss: [],
      trainSeconds: (performance.now() - started) / 1000,
    };
    store.reused(description, output);
    outputs[slot] = output;
    onFoldDone?.(job.foldIndex);
  }
  const trained = toTrain.length > 0 ? await runFolds(toTrain.map((fold) => fold.job), onProgress, onFoldDone) : [];
  trained.forEach((output, i) => {
    store.commit(toTrain[i].description, output);
    outputs[toTrain[i].slot] = output;
  });
  return outputs;
}
