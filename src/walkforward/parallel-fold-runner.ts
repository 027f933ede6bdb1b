/**
 * A FoldRunner that trains walk-forward folds in parallel on the worker pool. Each fold is a pure
 * function of its FoldJob (data, seed derived from run seed and fold index), so the outputs are
 * bit-identical to runFoldsSerially's, only sooner.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineRequest } from '../core/engine-request.ts';
import type { FoldOutput, FoldProgress } from '../models/forecasters/forecaster.ts';
import { forecasterFor, type ModelFoldJob } from '../models/forecasters/index.ts';
import type { FoldRunner } from './fold-job.ts';
import { runFoldsSerially } from './run-walkforward.ts';
import { isolationForEngine, mapInWorkers, resolveWorkerCount, type WorkerIsolation } from './worker-pool.ts';

// Beside this module, with its extension: .ts when run through tsx, .js when compiled into dist/.
const FOLD_TASK = {
  modulePath: fileURLToPath(new URL(`./fold-worker-task${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url)),
  exportName: 'trainFoldTask',
};

export interface ParallelFoldOptions {
  /** `auto` = one worker per core; 1 = serial in this thread. */
  workers: number | 'auto';
  engine: EngineRequest;
  /** Override the engine's isolation (threads for wasm/cpu, processes for tfjs-node). */
  isolation?: WorkerIsolation;
}

export function parallelFoldRunner(options: ParallelFoldOptions): FoldRunner {
  return async (jobs, onProgress, onFoldDone) => {
    // Baselines (naive, linear) train in microseconds: a worker's start-up (tsx + tfjs) would cost more.
    const needsWorkers = jobs.length > 1 && forecasterFor(jobs[0].model).needsTfjs(jobs[0].model) && resolveWorkerCount(options.workers, jobs.length) > 1;
    if (!needsWorkers) return runFoldsSerially(jobs, onProgress, onFoldDone);
    return mapInWorkers<ModelFoldJob, FoldOutput>(FOLD_TASK, jobs, {
      workers: options.workers,
      isolation: options.isolation ?? isolationForEngine(options.engine),
      // The fold task emits only FoldProgress (fold-worker-task.ts).
      onEvent: (jobIndex, event) => onProgress(jobs[jobIndex].foldIndex, event as FoldProgress),
      onResult: (jobIndex) => onFoldDone?.(jobs[jobIndex].foldIndex),
      // Expanding windows: later folds have more training windows; start those first.
      jobCost: (job) => (job as ModelFoldJob).yTrain.length + (job as ModelFoldJob).yValidation.length,
    });
  };
}
