import type { EngineName, EngineRequest } from '../core/engine-request.ts';
import type { ForecastModelConfig } from '../models/model-config.ts';

/**
 * Everything one fold's training needs, as plain structured-clonable data, so a fold can run in a
 * worker thread or child process and give exactly what a serial run gives. Windows are row-major
 * [samples, lookback, featureCount], already scaled with this fold's training-only scaler;
 * targets are standardised with the training targets' mean and standard deviation.
 */
export interface FoldJob {
  foldIndex: number;
  /** Derived from (run seed, fold index) only. */
  seed: number;
  engine: EngineRequest;
  fused: boolean;
  /** A built-in model, or a user's forecaster file (trained in the process that loaded it). */
  model: ForecastModelConfig;
  lookback: number;
  featureCount: number;
  xTrain: Float32Array;
  yTrain: Float32Array;
  /** Tail of the training window for early stopping (may be empty). */
  xValidation: Float32Array;
  yValidation: Float32Array;
  xTest: Float32Array;
  /** Directory to write this fold's model (tfjs format), or undefined. */
  saveModelDir?: string;
  /** Report batches within an epoch once it has run this long (ms; default fitNetwork's 2000). Progress only. */
  slowEpochMs?: number;
}

export interface FoldOutput {
  foldIndex: number;
  /** One forecast per test window, in standardised target units. */
  predictions: Float32Array;
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

/**
 * A fold's training progress, as plain data so it can travel from a worker: an epoch's losses, or
 * the batches done within a slow epoch (1-based epoch). Progress only: not part of the output.
 */
export type FoldProgress =
  | { kind: 'epoch'; epoch: number; loss: number; validationLoss?: number }
  | { kind: 'batch'; epoch: number; batchesDone: number; batchesPerEpoch: number };

/** Receives each fold's progress (not part of the job: callbacks do not cross threads). */
export type FoldProgressListener = (foldIndex: number, progress: FoldProgress) => void;

/**
 * Runs a batch of fold jobs (serially, or on a worker pool) and returns outputs in job order.
 * `onFoldDone` fires when a fold's output is ready (early stopping may end it before its last epoch).
 */
export type FoldRunner = (jobs: FoldJob[], onProgress: FoldProgressListener, onFoldDone?: (foldIndex: number) => void) => Promise<FoldOutput[]>;
