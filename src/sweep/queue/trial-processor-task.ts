/**
 * What a queue worker's sandbox runs for each trial job: fetch the bars by content hash (once per
 * hash and sandbox), run the trial exactly as a local sweep would, return its decisions. Nothing
 * else runs in the sandbox while a trial trains, so its seeded randomness is the trial's alone.
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { Redis } from 'ioredis';
import { isUserError } from '../../core/errors.ts';
import { packageVersion } from '../../core/package-version.ts';
import { silentProgress } from '../../core/progress.ts';
import type { Bar } from '../../data/bar.ts';
import { decodeBars } from '../bars-payload.ts';
import { decideTrial, TRIAL_JOB_FORMAT, type TrialDecision, type TrialJob } from '../trial-job.ts';
import { barsKey, USER_ERROR_PREFIX } from './redis-queue.ts';

/** The queue's Redis, as the worker command was given it (see queue-worker.ts). */
export const QUEUE_URL_ENV = 'WALKFORWARD_QUEUE_URL';

/** Bars by content hash: one array per hash, so indicators memoized on it are shared by its trials. */
const barsByHash = new Map<string, Promise<Bar[]>>();

async function fetchBars(hash: string): Promise<Bar[]> {
  const url = process.env[QUEUE_URL_ENV];
  if (!url) throw new Error(`${QUEUE_URL_ENV} is not set: the sandbox does not know the queue's Redis`);
  const redis = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: true });
  try {
    await redis.connect();
    const text = await redis.get(barsKey(hash));
    if (text === null) throw new UnrecoverableError(`${USER_ERROR_PREFIX}bars ${hash.slice(0, 12)} are no longer on the queue's Redis (expired); run the sweep again`);
    return decodeBars(text, hash);
  } finally {
    redis.disconnect();
  }
}

function barsFor(hash: string): Promise<Bar[]> {
  let bars = barsByHash.get(hash);
  if (!bars) {
    bars = fetchBars(hash);
    barsByHash.set(hash, bars);
    bars.catch(() => barsByHash.delete(hash));
  }
  return bars;
}

export async function processTrialJob(job: SandboxedJob<TrialJob, TrialDecision>): Promise<TrialDecision> {
  const trial = job.data;
  const version = packageVersion();
  if (trial.format !== TRIAL_JOB_FORMAT || trial.version !== version) {
    throw new UnrecoverableError(
      `${USER_ERROR_PREFIX}a worker runs walkforward ${version} (job format ${TRIAL_JOB_FORMAT}); the sweep sent ${trial.version} (format ${trial.format}): run the same version everywhere`,
    );
  }
  try {
    const bars = await barsFor(trial.series.barsHash);
    return await decideTrial(trial, { symbol: trial.series.symbol, source: trial.series.source, bars }, silentProgress);
  } catch (error) {
    // Bad input fails the trial for good (a retry would fail alike) and the sweep reports it as such.
    if (isUserError(error)) throw new UnrecoverableError(`${USER_ERROR_PREFIX}${error.message}`);
    throw error;
  }
}
