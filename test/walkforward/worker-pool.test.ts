import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { isolationForEngine, mapInWorkers, resolveWorkerCount } from '../../src/walkforward/worker-pool.ts';
import type { ProgressSink } from '../../src/core/progress.ts';
import type { SumJob, TinyFitJob } from './worker-pool-fixture.ts';

const FIXTURE = fileURLToPath(new URL('./worker-pool-fixture.ts', import.meta.url));
const sumTask = { modulePath: FIXTURE, exportName: 'sumWithProgress' };
const sumJobs: SumJob[] = [1, 2, 3, 4, 5].map((index) => ({ index, values: new Float64Array([index, 2 * index, 0.5]) }));

function recordingSink(): { sink: ProgressSink; events: string[] } {
  const events: string[] = [];
  return {
    events,
    sink: {
      start(label, total) {
        events.push(`start ${label} ${total}`);
        return { update: (done, info) => events.push(`update ${label} ${done} ${info?.sum}`), stop: () => events.push(`stop ${label}`) };
      },
    },
  };
}

describe('resolveWorkerCount', () => {
  it('uses one worker per core for auto, never more than the jobs', () => {
    expect(resolveWorkerCount('auto', 100)).toBe(availableParallelism());
    expect(resolveWorkerCount('auto', 1)).toBe(1);
    expect(resolveWorkerCount(3, 2)).toBe(2);
    expect(resolveWorkerCount(3, 10)).toBe(3);
  });
  it('rejects a worker count below one', () => {
    expect(() => resolveWorkerCount(0, 4)).toThrow(UserError);
  });
  it('keeps wasm and cpu in threads and tfjs-node in processes', () => {
    expect(isolationForEngine('wasm')).toBe('thread');
    expect(isolationForEngine('cpu')).toBe('thread');
    expect(isolationForEngine('tfjs-node')).toBe('process');
  });
});

describe('mapInWorkers', () => {
  it('returns outputs in job order from worker threads and replays their progress', async () => {
    const { sink, events } = recordingSink();
    const outputs = await mapInWorkers<SumJob, { index: number; sum: number; threadId: number }>(sumTask, sumJobs, { workers: 2, isolation: 'thread', progress: sink });
    expect(outputs.map((o) => o.index)).toEqual([1, 2, 3, 4, 5]);
    expect(outputs.map((o) => o.sum)).toEqual([3.5, 6.5, 9.5, 12.5, 15.5]);
    expect(outputs.every((o) => o.threadId !== threadId)).toBe(true);
    expect(new Set(outputs.map((o) => o.threadId)).size).toBe(2);
    for (const job of sumJobs) {
      const label = `job ${job.index}`;
      expect(events.filter((e) => e.includes(`${label} `) || e === `stop ${label}`)).toEqual([
        `start ${label} 3`,
        `update ${label} 1 ${job.index}`,
        `update ${label} 2 ${3 * job.index}`,
        `update ${label} 3 ${3 * job.index + 0.5}`,
        `stop ${label}`,
      ]);
    }
  });

  it('starts the costliest jobs first and still returns outputs in job order', async () => {
    const started: number[] = [];
    const sink: ProgressSink = { start: (label) => (started.push(Number(label.split(' ')[1])), { update() {}, stop() {} }) };
    const outputs = await mapInWorkers<SumJob, { index: number; threadId: number }>(sumTask, sumJobs, {
      workers: 2,
      isolation: 'thread',
      progress: sink,
      jobCost: (job) => (job as SumJob).index,
    });
    expect(outputs.map((o) => o.index)).toEqual([1, 2, 3, 4, 5]);
    // Each worker's first job (its first start event; one worker's messages keep their order) is 5 or 4.
    const firstJobOfThread = new Map<number, number>();
    for (const job of started) {
      const thread = outputs[job - 1].threadId;
      if (!firstJobOfThread.has(thread)) firstJobOfThread.set(thread, job);
    }
    expect(new Set(firstJobOfThread.values())).toEqual(new Set([5, 4]));
  });

  it('runs in child processes for the process isolation', async () => {
    const outputs = await mapInWorkers<SumJob, { sum: number; pid: number }>(sumTask, sumJobs.slice(0, 3), { workers: 2, isolation: 'process' });
    expect(outputs.map((o) => o.sum)).toEqual([3.5, 6.5, 9.5]);
    expect(outputs.every((o) => o.pid !== process.pid)).toBe(true);
  });

  it('runs in this thread with one worker', async () => {
    const outputs = await mapInWorkers<SumJob, { threadId: number; pid: number }>(sumTask, sumJobs, { workers: 1, isolation: 'thread' });
    expect(outputs.every((o) => o.threadId === threadId && o.pid === process.pid)).toBe(true);
  });

  it('surfaces a worker UserError as a UserError and other errors with their message', async () => {
    const task = { modulePath: FIXTURE, exportName: 'failOn' };
    const jobs = (failAt: number, userError: boolean) => [0, 1, 2, 3].map((index) => ({ index, failAt, userError }));
    await expect(mapInWorkers(task, jobs(2, true), { workers: 2, isolation: 'thread' })).rejects.toThrow(UserError);
    await expect(mapInWorkers(task, jobs(3, false), { workers: 2, isolation: 'thread' })).rejects.toThrow(/fold 3 blew up/);
    await expect(mapInWorkers(task, jobs(1, false), { workers: 2, isolation: 'process' })).rejects.toThrow(/fold 1 blew up/);
  });

  it('names a job that cannot be sent to a worker', async () => {
    const jobs = [{ index: 0, values: new Float64Array(1), callback: () => 1 }, { index: 1, values: new Float64Array(1) }];
    await expect(mapInWorkers(sumTask, jobs, { workers: 2, isolation: 'thread' })).rejects.toThrow(/plain data/);
  });

  it('gives bit-identical tiny-model predictions in parallel threads and in a serial run', async () => {
    const rows = 24;
    const lookback = 5;
    const features = 2;
    const x = new Float32Array(rows * lookback * features).map((_, k) => Math.sin(k * 0.37));
    const y = new Float32Array(rows).map((_, k) => Math.cos(k * 0.21) * 0.5);
    const jobs: TinyFitJob[] = [11, 12, 13].map((seed) => ({ seed, engine: 'wasm', x, y, rows, lookback, features }));
    const task = { modulePath: FIXTURE, exportName: 'fitTinyLstm' };
    type Fit = { predictions: Float32Array; losses: number[] };
    const serial = await mapInWorkers<TinyFitJob, Fit>(task, jobs, { workers: 1, isolation: 'thread' });
    const parallel = await mapInWorkers<TinyFitJob, Fit>(task, jobs, { workers: 2, isolation: 'thread' });
    expect(parallel.map((p) => Array.from(p.predictions))).toEqual(serial.map((s) => Array.from(s.predictions)));
    expect(parallel.map((p) => p.losses)).toEqual(serial.map((s) => s.losses));
    // Different seeds really train different models (so equality above is not vacuous).
    expect(Array.from(serial[0].predictions)).not.toEqual(Array.from(serial[1].predictions));
  }, 60_000);
});
