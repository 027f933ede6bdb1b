// The store's contract only (the strategy contract refers to it, so it stays free of the forecaster
// registry and tfjs types); run-folds-through-store.ts runs folds through one.
import type { FeatureSpec } from '../features/feature-spec.ts';
import type { FoldOutput } from '../models/forecasters/forecaster.ts';

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
