// A sweep through BullMQ on a real redis-server with two `walkforward worker` processes, one of
// them killed in the middle of a trial: the trial goes back on the queue, the other worker runs
// it, and every figure equals the local run's.
//
// Without redis-server (a fresh machine with Node only) this file is skipped with a notice:
// Redis is a system service no npm package ships, and `npm test` must pass there. CI must not
// skip it: .ci/run installs redis-server from Debian and sets WALKFORWARD_REQUIRE_REDIS=1, which
// turns a missing server into a failure here.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/core/progress.ts';
import type { BarSeries } from '../../src/data/bar.ts';
import { encodeBars } from '../../src/sweep/bars-payload.ts';
import { parseSweepConfig } from '../../src/sweep/load-sweep.ts';
import { queueExecutor } from '../../src/sweep/queue/queue-executor.ts';
import { barsKey } from '../../src/sweep/queue/redis-queue.ts';
import { runSweep } from '../../src/sweep/run-sweep.ts';
import { localExecutor } from '../../src/sweep/trial-executor.ts';
import { plantedSignalBars } from '../helpers/bars.ts';
import { findRedisServer, startRedisServer, type RedisServer } from '../helpers/redis-server.ts';
import { sweepFigures } from '../helpers/sweep-figures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const binary = findRedisServer();
if (!binary && process.env.WALKFORWARD_REQUIRE_REDIS === '1') {
  throw new Error('WALKFORWARD_REQUIRE_REDIS=1 but redis-server is not installed (apt-get install -y redis-server)');
}
if (!binary) console.warn('distributed sweep test skipped: redis-server is not installed (apt-get install -y redis-server; .ci/run does)');

const series: BarSeries = { symbol: 'PLANT', source: 'planted', bars: plantedSignalBars(520, 9) };

// Four small LSTM trials of a few seconds each: long enough to kill a worker inside one.
const config = `name: distributed
seed: 3
engine: wasm
data: { source: csv, path: unused.csv }
strategies:
  - name: lstm
    type: forecast
    params:
      features: [{ name: log-return }, { name: volume }]
      walkforward: { trainBars: 300, testBars: 110, validationFraction: 0 }
      lookback: 8
      model: { type: lstm, layers: [8], epochs: 2, batchSize: 16 }
sweep:
  grid:
    lstm.params.model.layers: [[6], [10]]
    lstm.params.lookback: [5, 8]
  wfo: { trainBars: 60, testBars: 50 }
  cscv: { partitions: 4 }
`;


interface WorkerProcess {
  child: ChildProcess;
  log: () => string;
  exited: Promise<void>;
}

function startWorker(url: string): WorkerProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/walkforward.mjs'), 'worker', '--queue', url, '--stall-seconds', '3'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, log: () => log, exited };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!binary)('a sweep on a BullMQ queue (real redis-server, two worker processes)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-sweep-queue-'));
  let redis: RedisServer;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    redis = await startRedisServer(binary!);
  });
  afterAll(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the local run\'s figures although a worker is killed mid-trial', async () => {
    const { loaded, definition } = parseSweepConfig(config, 'distributed.yaml');
    const local = await runSweep(loaded, definition, series, {
      outDir: path.join(dir, 'local'),
      resume: false,
      executor: localExecutor({ workers: 1, engine: 'wasm', trainsNetwork: true }),
      progress: silentProgress,
      log: () => {},
      now: () => 0,
    });

    const [first, second] = [startWorker(redis.url), startWorker(redis.url)];
    workers.push(first, second);
    await waitFor(() => /taking trials from/.test(first.log()) && /taking trials from/.test(second.log()), 'both workers to connect');
    const sweep = runSweep(loaded, definition, series, {
      outDir: path.join(dir, 'queued'),
      resume: false,
      executor: queueExecutor(redis.url, { log: () => {} }),
      progress: silentProgress,
      log: () => {},
      now: () => 0,
    });
    // Kill the first worker as soon as it is inside a trial (SIGKILL: no chance to hand it back).
    let killedTrial = '';
    await waitFor(() => {
      const match = /distributed trial (\d+): started/.exec(first.log());
      if (match) killedTrial = match[1];
      return match !== null;
    }, 'the first worker to start a trial');
    first.child.kill('SIGKILL');
    await first.exited;
    const queued = await sweep;

    expect(sweepFigures(queued.results)).toEqual(sweepFigures(local.results));
    // The killed trial was run again, by the other worker, once the stalled-job check gave it back.
    expect(first.log()).not.toMatch(new RegExp(`trial ${killedTrial}: done`));
    // The worker prints "done" after handing the result back, so the sweep may finish first: give its
    // output a moment to arrive (the expectation below still fails if the line never comes).
    await waitFor(() => new RegExp(`distributed trial ${killedTrial}: done`).test(second.log()), 'the second worker to log the rerun trial', 10_000).catch(() => {});
    expect(second.log()).toMatch(new RegExp(`distributed trial ${killedTrial}: done`));
    // Each trial recorded once.
    const records = readFileSync(queued.folder.recordsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const trials = records.filter((r) => r.kind === 'trial').map((r) => r.trial).sort((a, b) => a - b);
    expect(trials).toEqual([0, 1, 2, 3]);
    // The bars went to Redis once, by content hash; the jobs carried the hash.
    const client = new Redis(redis.url);
    try {
      expect(await client.exists(barsKey(encodeBars(series.bars).hash))).toBe(1);
    } finally {
      client.disconnect();
    }
  }, 300_000);
});
