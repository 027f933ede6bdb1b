import { Queue, QueueEvents, type Job } from 'bullmq';
import { UserError } from '../../core/errors.ts';
import type { TrialExecutor } from '../trial-executor.ts';
import { isTrialDecision, type TrialDecision, type TrialJob } from '../trial-job.ts';
import { barsKey, BARS_TTL_SECONDS, connectRedis, displayUrl, jobIdOf, QUEUE_NAME, USER_ERROR_PREFIX } from './redis-queue.ts';

export interface QueueExecutorOptions {
  /** Stage messages (stderr). */
  log: (message: string) => void;
  /** Say so when no worker has taken a trial after this long. */
  idleHintMs?: number;
}

/**
 * Trials as BullMQ jobs on Redis, run by `walkforward worker` processes anywhere. A job carries its
 * trial (config slice, seed) and the bars' content hash; the bars go to Redis once per hash. Job
 * ids come from the plan, so a resumed sweep adds no job twice and collects results that finished
 * while it was away. A worker that dies mid-trial loses its lock; BullMQ's stalled-job check puts
 * the trial back for another worker.
 */
export function queueExecutor(url: string, options: QueueExecutorOptions): TrialExecutor {
  return {
    describe: () => `queue ${displayUrl(url)}`,
    async run(jobs, _series, bars, handlers) {
      if (jobs.length === 0) return;
      const connection = await connectRedis(url);
      const queue = new Queue<TrialJob, TrialDecision>(QUEUE_NAME, { connection });
      const events = new QueueEvents(QUEUE_NAME, { connection: connection.duplicate() });
      let idleTimer: NodeJS.Timeout | undefined;
      try {
        await connection.set(barsKey(bars.hash), bars.text, 'EX', BARS_TTL_SECONDS, 'NX');
        await connection.expire(barsKey(bars.hash), BARS_TTL_SECONDS);
        await events.waitUntilReady();
        const trialOf = new Map(jobs.map((job) => [jobIdOf(job.planId, job.trial), job]));
        let started = false;
        events.on('active', ({ jobId }) => {
          const job = trialOf.get(jobId);
          if (!job) return;
          started = true;
          handlers.onActivity(`trial ${job.trial} running`);
        });
        idleTimer = setTimeout(() => {
          if (!started) options.log(`no worker has taken a trial yet: start one with  walkforward worker --queue ${displayUrl(url)}`);
        }, options.idleHintMs ?? 10_000);
        // A trial that failed for good on an earlier run gets a fresh job (the cause may be fixed now).
        for (const job of jobs) {
          const earlier = await queue.getJob(jobIdOf(job.planId, job.trial));
          if (earlier && (await earlier.isFailed())) await earlier.remove();
        }
        const added = await queue.addBulk(
          jobs.map((job) => ({
            name: 'trial',
            data: job,
            opts: {
              jobId: jobIdOf(job.planId, job.trial),
              // A crash inside a trial (not a killed worker: that is a stall) is retried twice.
              attempts: 3,
              removeOnComplete: { age: BARS_TTL_SECONDS },
              removeOnFail: { age: BARS_TTL_SECONDS },
            },
          })),
        );
        await Promise.all(
          added.map(async (bullJob: Job<TrialJob, TrialDecision>, i) => {
            let decision: unknown;
            try {
              decision = await bullJob.waitUntilFinished(events);
            } catch (error) {
              const message = error instanceof Error ? error.message : String(error);
              if (message.startsWith(USER_ERROR_PREFIX)) throw new UserError(message.slice(USER_ERROR_PREFIX.length));
              throw new Error(`trial ${jobs[i].trial} failed on a queue worker: ${message}`);
            }
            const parsed: unknown = typeof decision === 'string' ? JSON.parse(decision) : decision;
            if (!isTrialDecision(parsed)) throw new Error(`trial ${jobs[i].trial}: a queue worker returned something else than a trial's decisions`);
            handlers.onDecision(jobs[i], parsed);
            // Recorded in the sweep folder: the queue's copy is no longer needed.
            await bullJob.remove().catch(() => {});
          }),
        );
      } finally {
        clearTimeout(idleTimer);
        await events.close();
        await queue.close();
        connection.disconnect();
      }
    },
  };
}
