/**
 * The forecaster plug-in contract. A forecaster is one file in this folder (registered in
 * index.ts): its `type`, its own params schema, whether it needs a tfjs engine, and how it trains
 * on one walk-forward fold and forecasts (FoldJob -> FoldOutput), like a Qlib model's fit/predict.
 * Forecaster files import tfjs only lazily (inside trainFold/forecastSaved), so configs that run
 * naive/linear only never load it.
 */
import type { z } from 'zod';
import type { EngineName, EngineRequest } from '../../core/engine-request.ts';

/**
 * Everything one fold's training needs, as plain structured-clonable data, so a fold can run in a
 * worker thread or child process and give exactly what a serial run gives. Windows are row-major
 * [samples, lookback, featureCount], already scaled with this fold's training-only scaler;
 * targets are standardised with the training targets' mean and standard deviation.
 */
export interface FoldJob<Model = { type: string; seed?: number }> {
  foldIndex: number;
  /** Derived from (run seed, fold index) only (an ensemble member's from the fold's and its index). */
  seed: number;
  engine: EngineRequest;
  fused: boolean;
  model: Model;
  lookback: number;
  featureCount: number;
  xTrain: Float32Array;
  /** Standardised training targets: (log return - targetMean) / targetScale. */
  yTrain: Float32Array;
  /** Tail of the training window for early stopping (may be empty). */
  xValidation: Float32Array;
  yValidation: Float32Array;
  xTest: Float32Array;
  /** Mean and standard deviation of the fold's training targets (log returns). */
  targetMean: number;
  targetScale: number;
  /** Directory to write this fold's model, or undefined. */
  saveModelDir?: string;
  /** Report batches within an epoch once it has run this long (ms; default fitNetwork's 2000). Progress only. */
  slowEpochMs?: number;
}

export interface FoldOutput {
  foldIndex: number;
  /** One forecast per test window: the log return over the horizon (target units, not standardised). */
  forecasts: Float64Array;
  /** Ensembles: the standard deviation of the members' forecasts per test window (log-return units). */
  memberSpread?: Float64Array;
  /**
   * Models with attention: mean attention weight of each lookback position over this fold's test
   * windows (index 0 = the oldest bar of a window, lookback - 1 = the bar the forecast is made at).
   */
  attention?: number[];
  /** Engine that actually trained this fold (`none` for baselines that need no tfjs). */
  engine: EngineName | 'none';
  /** Why the requested engine was not used (e.g. `auto` without tfjs-node), if it was not. */
  engineFallbackReason?: string;
  epochsRun: number;
  /** Epoch (1-based) whose weights were kept: the best validation loss, or the last epoch. */
  bestEpoch: number;
  trainLoss: number[];
  validationLoss: number[];
  trainSeconds: number;
}

/** What a reloaded fold model forecasts: FoldOutput's forecasts (and member spread), bit for bit. */
export type SavedForecasts = Pick<FoldOutput, 'forecasts' | 'memberSpread'>;

/**
 * A fold's training progress, as plain data so it can travel from a worker: an epoch's losses, or
 * the batches done within a slow epoch (1-based epoch). Progress only: not part of the output.
 */
export type FoldProgress =
  | { kind: 'epoch'; epoch: number; loss: number; validationLoss?: number }
  | { kind: 'batch'; epoch: number; batchesDone: number; batchesPerEpoch: number };

/** A params problem found from the input shape (path relative to the model block). */
export interface ShapeIssue {
  path: Array<string | number>;
  message: string;
}

export interface Forecaster<Params extends { type: string }> {
  type: Params['type'];
  /** One line for docs and errors. */
  description: string;
  /** The model block of this type, `type` included; strict, so a misspelt key names this type's field. */
  params: z.ZodType<Params, unknown>;
  /** Whether training loads TensorFlow.js (and so runs on the worker pool). */
  needsTfjs(params: Params): boolean;
  /** Progress units (epochs) one fold reports. */
  epochsPerFold(params: Params): number;
  /** Checks that need the window shape (`lookback`), made with the config before anything runs. */
  checkShape?(params: Params, lookback: number): ShapeIssue[];
  /** Train on the job's training windows, forecast its test windows. Pure in the job: same job, same output. */
  trainFold(job: FoldJob<Params>, onProgress?: (progress: FoldProgress) => void): Promise<FoldOutput>;
  /**
   * Reload what trainFold wrote to `job.saveModelDir` and forecast the job's test windows again:
   * the forecasts (and an ensemble's member spread) trainFold would give on those windows.
   */
  forecastSaved(job: FoldJob<Params>): Promise<SavedForecasts>;
}

/** `standardised * targetScale + targetMean` for every prediction: back to log-return units. */
export function destandardise(predictions: ArrayLike<number>, job: Pick<FoldJob, 'targetMean' | 'targetScale'>): Float64Array {
  return Float64Array.from({ length: predictions.length }, (_, i) => predictions[i] * job.targetScale + job.targetMean);
}

/** Number of windows in a row-major [samples, lookback, featureCount] array. */
export function windowCount(windows: Float32Array, job: Pick<FoldJob, 'lookback' | 'featureCount'>): number {
  return windows.length / (job.lookback * job.featureCount);
}
