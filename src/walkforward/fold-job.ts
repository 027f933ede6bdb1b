import type { FoldOutput, FoldProgress } from '../models/forecasters/forecaster.ts';
import type { ModelFoldJob } from '../models/forecasters/index.ts';

/** Receives each fold's progress (not part of the job: callbacks do not cross threads). */
export type FoldProgressListener = (foldIndex: number, progress: FoldProgress) => void;

/**
 * Runs a batch of fold jobs (serially, or on a worker pool) and returns outputs in job order.
 * `onFoldDone` fires when a fold's output is ready (early stopping may end it before its last epoch).
 */
export type FoldRunner = (jobs: ModelFoldJob[], onProgress: FoldProgressListener, onFoldDone?: (foldIndex: number) => void) => Promise<FoldOutput[]>;
