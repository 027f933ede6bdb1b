import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineRequest } from '../core/engine-request.ts';
import type { ProgressSink } from '../core/progress.ts';
import type { BarSeries } from '../data/bar.ts';
import { isolationForEngine, mapInWorkers, resolveWorkerCount } from '../walkforward/worker-pool.ts';
import type { BarsPayload } from './bars-payload.ts';
import { decideTrial, type TrialDecision, type TrialJob } from './trial-job.ts';
import { stepEvents, type TrialStepEvent, type TrialTaskInput } from './trial-task.ts';

/** What an executor tells the sweep as trials run. */
export interface TrialHandlers {
  /** A trial's decisions, as soon as it finishes (trials finish in any order). */
  onDecision(job: TrialJob, decision: TrialDecision): void;
  /** What is running now, for the progress line (e.g. `trial 3 fold 2/5`). */
  onActivity(text: string): void;
}

/**
 * Runs trial jobs: here, on the local worker pool, or on a queue (src/sweep/queue/). Every
 * executor runs the same `decideTrial` on the same job, so the figures never depend on which ran.
 */
export interface TrialExecutor {
  /** In words, for the log and sweep.json (`in process`, `local pool of 2 threads`, `queue redis://...`). */
  describe(jobCount: number): string;
  run(jobs: readonly TrialJob[], series: BarSeries, bars: BarsPayload, handlers: TrialHandlers): Promise<void>;
}

// The compiled CLI (dist/) runs .js modules, the sources .ts: the task module keeps this file's extension.
const TRIAL_TASK = {
  modulePath: fileURLToPath(new URL(`./trial-task${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url)),
  exportName: 'decideTrialTask',
};

function activityOf(job: TrialJob, event: TrialStepEvent): string {
  return `trial ${job.trial}: ${event.label} ${event.done}/${event.total}`;
}

export interface LocalExecutorOptions {
  /** The config's `workers` (auto = one per core). */
  workers: number | 'auto';
  engine: EngineRequest;
  /** Some trial trains a network (else every trial takes well under a worker's start-up). */
  trainsNetwork: boolean;
}

/**
 * This machine, no service needed. Rule trials (microseconds each) run here one after another on
 * the same bars, so indicators shared between trials are computed once. Trials that train a
 * network run side by side on the walk-forward worker pool, one trial per worker with its folds
 * one after another, which keeps every core busy to the last trial; with fewer such trials than
 * workers, each runs here with its folds spread over the pool instead.
 */
export function localExecutor(options: LocalExecutorOptions): TrialExecutor {
  const usePool = (jobCount: number) => options.trainsNetwork && jobCount >= 2 && resolveWorkerCount(options.workers, jobCount) >= 2;
  return {
    describe: (jobCount) => (usePool(jobCount) ? `local pool of ${resolveWorkerCount(options.workers, jobCount)} worker threads` : 'in process'),
    async run(jobs, series, _bars, handlers) {
      if (!usePool(jobs.length)) {
        for (const job of jobs) {
          const progress: ProgressSink = stepEvents((event) => handlers.onActivity(activityOf(job, event)));
          handlers.onDecision(job, await decideTrial(job, series, progress));
        }
        return;
      }
      // One trial per worker: its folds run in that worker, not on a pool of their own.
      const inputs: TrialTaskInput[] = jobs.map((job) => ({ job: { ...job, config: { ...job.config, workers: 1 } }, series }));
      let failure: unknown;
      await mapInWorkers<TrialTaskInput, TrialDecision>(TRIAL_TASK, inputs, {
        workers: options.workers,
        isolation: isolationForEngine(options.engine),
        onEvent: (index, event) => handlers.onActivity(activityOf(jobs[index], event as TrialStepEvent)),
        onResult: (index, output) => {
          // A failure to record must not be lost in the pool's message handler: raise it after.
          try {
            handlers.onDecision(jobs[index], output as TrialDecision);
          } catch (error) {
            failure ??= error;
          }
        },
      });
      if (failure !== undefined) throw failure;
    },
  };
}
