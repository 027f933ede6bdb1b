import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { isolationForEngine } from '../../walkforward/worker-pool.ts';
import type { TrialDecision, TrialJob } from '../trial-job.ts';
import { QUEUE_URL_ENV } from './trial-processor-task.ts';
import { connectRedis, displayUrl, QUEUE_NAME } from './redis-queue.ts';

const PROCESSOR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'trial-processor.mjs');

export interface QueueWorkerOptions {
  /** Trials run at once, each in its own sandbox (thread, or process where tfjs-node is installed). */
  concurrency: number;
  /**
   * How long a trial's lock lasts without renewal, and how often live workers look for stalled
   * trials: a killed worker's trial goes back on the queue within about twice this.
   */
  stallSeconds: number;
  log: (message: string) => void;
}

export interface RunningWorker {
  /** Stop taking trials; waits for running ones to finish. */
  close(): Promise<void>;
}

/**
 * `walkforward worker`: take trial jobs from the queue and run them until closed. Each trial runs
 * in a sandbox (BullMQ's sandboxed processor) so this thread stays free to renew its locks while
 * the trial trains; sandboxes are reused, so tfjs and the bars load once per sandbox.
 */
export async function startQueueWorker(url: string, options: QueueWorkerOptions): Promise<RunningWorker> {
  const connection = await connectRedis(url);
  // tfjs-node's native addon cannot load in worker threads: processes when it is installed.
  const isolation = isolationForEngine('auto');
  const env = { ...process.env, [QUEUE_URL_ENV]: url };
  const worker = new Worker<TrialJob, TrialDecision>(QUEUE_NAME, PROCESSOR, {
    connection,
    concurrency: options.concurrency,
    useWorkerThreads: isolation === 'thread',
    workerThreadsOptions: { env },
    workerForkOptions: { env },
    lockDuration: options.stallSeconds * 1000,
    stalledInterval: options.stallSeconds * 1000,
    // A trial may outlive a few dead workers before it is given up on.
    maxStalledCount: 3,
  });
  const started = new Map<string, number>();
  const label = (job: { data: TrialJob }) => `${job.data.sweepName} trial ${job.data.trial}`;
  worker.on('active', (job) => {
    started.set(job.id ?? '', Date.now());
    options.log(`${label(job)}: started`);
  });
  worker.on('completed', (job) => {
    const seconds = (Date.now() - (started.get(job.id ?? '') ?? Date.now())) / 1000;
    options.log(`${label(job)}: done in ${seconds.toFixed(1)} s`);
  });
  worker.on('failed', (job, error) => {
    if (job) options.log(`${label(job)}: failed: ${error.message}`);
  });
  worker.on('error', (error) => options.log(`worker: ${error.message}`));
  await worker.waitUntilReady();
  options.log(`worker: taking trials from ${displayUrl(url)} (queue ${QUEUE_NAME}), ${options.concurrency} at a time, in worker ${isolation === 'thread' ? 'threads' : 'processes'}`);
  return {
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
