/**
 * The task a pool worker runs for a sweep (src/walkforward/worker-pool.ts): one trial with its
 * folds one after another in that worker, its progress turned into events for the main thread.
 */
import type { ProgressSink } from '../core/progress.ts';
import type { BarSeries } from '../data/bar.ts';
import { decideTrial, type TrialDecision, type TrialJob } from './trial-job.ts';

export interface TrialTaskInput {
  job: TrialJob;
  series: BarSeries;
}

/** A trial's progress: a walk-forward's epochs over folds (what its progress bar would show). */
export interface TrialStepEvent {
  label: string;
  done: number;
  total: number;
}

export function decideTrialTask(input: TrialTaskInput, _progress: unknown, emit: (event: TrialStepEvent) => void): Promise<TrialDecision> {
  return decideTrial(input.job, input.series, stepEvents(emit));
}

/** A progress sink that reports each task's steps as events (postMessage: no randomness, no I/O). */
export function stepEvents(emit: (event: TrialStepEvent) => void): ProgressSink {
  return {
    start: (label, total) => ({
      update: (done) => emit({ label, done, total }),
      stop() {},
    }),
  };
}
