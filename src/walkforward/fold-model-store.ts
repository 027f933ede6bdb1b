import type { FeatureSpec } from '../features/feature-spec.ts';
import type { FoldOutput, SavedForecasts } from '../models/forecasters/forecaster.ts';
import { forecasterFor, type ModelFoldJob } from '../models/forecasters/index.ts';
import type { FoldProgressListener, FoldRunner } from './fold-job.ts';

/**
 * Everything that makes a fold's trained model what it is, beyond the config: which bars it was
 * fitted on (and a hash of them), its seed, its scaler and target standardisation. A saved model
 * is reused only for a fold described identically.
 */
export interface FoldModelDescription {
  foldIndex: number;
  seed: number;
  trainStart: number;
  trainEnd: number;
  /** Date of the first bar fitted on (after the feature warm-up) and of the last training bar. */
  trainStartDate: string;
  lastTrainBarDate: string;
  /** sha256 of bars [0, trainEnd): dates and OHLCV (features of the training rows may reach back to bar 0). */
  trainingDataHash: string;
  features: readonly FeatureSpec[];
  lookback: number;
  horizon: number;
  scaler: { kind: 'minmax' | 'zscore'; offset: number[]; scale: number[] };
  targetMean: number;
  targetScale: number;
}

/** Where a signal run keeps fold models: find one saved for a fold, or give a folder to train into. */
export interface FoldModelStore {
  /** The folder of a saved model made for exactly this fold (and config), or undefined. */
  find(fold: FoldModelDescription): string | undefined;
  /** A fresh folder the fold's model is trained into (not found by `find` until committed). */
  prepare(fold: FoldModelDescription): string;
  /** Make a model trained into `prepare`'s folder findable, with what training reported. */
  commit(fold: FoldModelDescription, output: FoldOutput): void;
  /** A model found by `find` was reloaded and forecast (for the store's record of use). */
  reused(fold: FoldModelDescription, output: FoldOutput): void;
}

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
