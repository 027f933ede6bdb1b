import { strategyDefinitionOf } from '../config/load-config.ts';
import path from 'node:path';
import type { Config } from '../config/schema.ts';
import { UserError } from '../core/errors.ts';
import type { ProgressSink } from '../core/progress.ts';
import type { InputWarning } from '../core/warnings.ts';
import type { BarSeries } from '../data/bar.ts';
import { decideStrategies } from '../run/run-backtest.ts';

/** Bumped when TrialJob or TrialDecision change shape: a worker refuses jobs of another format. */
export const TRIAL_JOB_FORMAT = 1;

/**
 * Everything a worker needs to run one trial, as plain JSON: it crosses worker threads and the
 * Redis queue unchanged. The bars travel apart, by content hash (src/sweep/bars-hash.ts).
 */
export interface TrialJob {
  format: typeof TRIAL_JOB_FORMAT;
  /** walkforward's package version; a worker of another version refuses the job. */
  version: string;
  /** Identifies the sweep (its plan's hash), so a resumed sweep finds its jobs again. */
  planId: string;
  sweepName: string;
  trial: number;
  /** Where messages point (the sweep's config file). */
  configPath: string;
  /**
   * The config a one-strategy backtest of this trial runs: the sweep's config with the trial's
   * entry as its only strategy, the trial's seed, no benchmark and no sweep block.
   */
  config: Config;
  series: { symbol: string; source: string; barsHash: string; barCount: number };
}

/**
 * What a trial decided, as plain JSON: its target position after every bar (null where the
 * strategy had no decision yet), doubtful input it met, and for a forecaster its out-of-sample
 * forecasts and realized targets (null where none) with where it trained.
 */
export interface TrialDecision {
  targetPositions: Array<number | null>;
  warnings: InputWarning[];
  forecast?: {
    forecasts: Array<number | null>;
    realized: Array<number | null>;
    engine: string;
    folds: number;
    /** Epochs run, summed over folds. */
    epochs: number;
  };
  /** Wall time of the trial's decisions (training included), seconds. */
  seconds: number;
}

/** A decision as it comes back over JSON (a queue worker's result), checked before it is recorded. */
export function isTrialDecision(value: unknown): value is TrialDecision {
  if (typeof value !== 'object' || value === null) return false;
  const targets: unknown = Reflect.get(value, 'targetPositions');
  return (
    Array.isArray(targets) &&
    targets.every((v) => v === null || typeof v === 'number') &&
    Array.isArray(Reflect.get(value, 'warnings')) &&
    typeof Reflect.get(value, 'seconds') === 'number'
  );
}

/** NaN -> null, so the series survives JSON (the queue) as it is. */
function toJsonNumbers(values: ArrayLike<number>): Array<number | null> {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isNaN(values[i]) ? null : values[i];
  return out;
}

/** null -> NaN: the series as the backtest reads it (a plain loop: this runs for every trial, more than once). */
export function fromJsonNumbers(values: ReadonlyArray<number | null>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    out[i] = value === null ? Number.NaN : value;
  }
  return out;
}

/**
 * Run one trial's strategy over the bars, exactly as `backtest` runs a strategy (same context,
 * warm-up checks, walk-forward), and return its decisions. A pure function of the job and the
 * bars: the same on this machine, in a worker thread, or on a queue worker elsewhere.
 * `series` must hold the bars the job's hash names.
 */
export async function decideTrial(job: TrialJob, series: BarSeries, progress: ProgressSink): Promise<TrialDecision> {
  if (job.format !== TRIAL_JOB_FORMAT) throw new UserError(`trial job format ${job.format}; this walkforward reads format ${TRIAL_JOB_FORMAT}`);
  if (series.bars.length !== job.series.barCount) throw new UserError(`${job.series.source}: expected ${job.series.barCount} bars, got ${series.bars.length}`);
  const entry = job.config.strategies[0];
  const baseDir = path.dirname(job.configPath);
  const definition = strategyDefinitionOf(entry.type, baseDir);
  if (!definition) throw new UserError(`${job.configPath}: strategy type "${entry.type}" is unknown to this walkforward process (${job.version} sent it; a strategy file must be loaded where the trial runs)`);
  const params = definition.params.safeParse(entry.params);
  if (!params.success) throw new UserError(`${job.configPath}: trial ${job.trial}: ${params.error.issues.map((issue) => issue.message).join('; ')}`);
  const started = performance.now();
  const { decisions, warnings } = await decideStrategies(
    // No file is read here (the bars came with the job): the base folder only completes the config.
    { path: job.configPath, baseDir, config: job.config, strategies: [{ entry, definition, params: params.data }] },
    // The same bars object for every trial: indicators computed from it are computed once (src/features/bar-memo.ts).
    series,
    { progress },
  );
  const { output } = decisions[0];
  const model = output.model;
  return {
    targetPositions: toJsonNumbers(output.targetPositions),
    warnings,
    ...(model
      ? {
          forecast: {
            forecasts: toJsonNumbers(model.forecasts),
            realized: toJsonNumbers(model.realized),
            engine: model.engine,
            folds: model.folds.length,
            epochs: model.folds.reduce((sum, fold) => sum + fold.epochsRun, 0),
          },
        }
      : {}),
    seconds: (performance.now() - started) / 1000,
  };
}
