/**
 * Runs independent jobs (walk-forward folds) in parallel: `mapInWorkers(task, jobs)` returns
 * `task(job)` for every job, in job order, as if run one after another in this process. Each
 * worker is a worker thread (wasm / cpu engines) or a child process (tfjs-node, whose native
 * addon breaks in worker threads) that loads its own tfjs. Jobs and outputs must be plain
 * structured-clone data (numbers, strings, typed arrays, arrays, objects): no functions, no tensors.
 * With one worker (or one job) the task runs here, in this process, with no worker at all.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../core/errors.ts';
import type { EngineName, EngineRequest } from '../core/engine-request.ts';
import type { ProgressSink, ProgressTask } from '../core/progress.ts';
import type { FromWorker, PoolTaskRef, ProgressEvent, SerializedError, ToWorker } from './worker-messages.ts';
import { silentProgress } from '../core/progress.ts';

export type { PoolTaskRef } from './worker-messages.ts';
export type WorkerIsolation = 'thread' | 'process';

export interface WorkerPoolOptions {
  /** `auto` = one worker per core (os.availableParallelism()); never more workers than jobs. */
  workers: number | 'auto';
  isolation: WorkerIsolation;
  /** Progress from workers is replayed here (tasks started in a worker start here). */
  progress?: ProgressSink;
  /** Receives what a task passes to its `emit` argument, with the job's index. */
  onEvent?: (jobIndex: number, event: unknown) => void;
  /** Called as each job's output arrives (jobs finish out of order). */
  onResult?: (jobIndex: number, output: unknown) => void;
  /**
   * Relative cost of a job (e.g. its training samples): the costliest start first, so the last
   * job to finish is a short one (expanding walk-forward folds grow with their index).
   */
  jobCost?: (job: unknown) => number;
}

const BOOTSTRAP = fileURLToPath(new URL('./fold-worker.mjs', import.meta.url));
const requireHere = createRequire(import.meta.url);

/** How many workers a `workers` setting gives for `jobCount` jobs. */
export function resolveWorkerCount(workers: number | 'auto', jobCount: number): number {
  const wanted = workers === 'auto' ? availableParallelism() : workers;
  if (!Number.isInteger(wanted) || wanted < 1) throw new UserError(`workers: expected "auto" or a whole number >= 1, got ${workers}`);
  return Math.max(1, Math.min(wanted, jobCount));
}

/**
 * Worker threads for wasm / cpu; child processes whenever tfjs-node may be the engine, because
 * its native addon cannot be loaded in a worker thread. `auto` may resolve to tfjs-node in a
 * worker, so it gets processes when the package is installed.
 */
export function isolationForEngine(engine: EngineRequest | EngineName): WorkerIsolation {
  if (engine === 'tfjs-node') return 'process';
  if (engine === 'auto') {
    try {
      requireHere.resolve('@tensorflow/tfjs-node');
      return 'process';
    } catch {
      return 'thread';
    }
  }
  return 'thread';
}

/** What a pool task exports: `emit` sends task-defined events to `onEvent` in the main thread. */
export type PoolTaskFunction<J, O> = (job: J, progress: ProgressSink, emit: (event: unknown) => void) => O | Promise<O>;


export async function mapInWorkers<J, O>(task: PoolTaskRef, jobs: readonly J[], options: WorkerPoolOptions): Promise<O[]> {
  const progress = options.progress ?? silentProgress;
  const count = resolveWorkerCount(options.workers, jobs.length);
  if (jobs.length === 0) return [];
  if (count === 1) return runHere<J, O>(task, jobs, { ...options, progress });
  return new WorkerPool<J, O>(task, jobs, count, { ...options, progress }).run();
}

async function runHere<J, O>(task: PoolTaskRef, jobs: readonly J[], options: WorkerPoolOptions & { progress: ProgressSink }): Promise<O[]> {
  const url = task.modulePath.startsWith('file:') ? task.modulePath : pathToFileURL(task.modulePath).href;
  const module = (await import(url)) as Record<string, unknown>;
  const fn = module[task.exportName];
  if (typeof fn !== 'function') throw new Error(`${task.modulePath} has no exported function ${task.exportName}`);
  const outputs: O[] = [];
  for (const [index, job] of jobs.entries()) {
    const output = await (fn as PoolTaskFunction<J, O>)(job, options.progress, (event) => options.onEvent?.(index, event));
    options.onResult?.(index, output);
    outputs.push(output);
  }
  return outputs;
}

/** One worker, thread or process, behind the same send / message / exit surface. */
interface PoolWorker {
  send(message: ToWorker): void;
  stop(): void;
}

function startWorker(isolation: WorkerIsolation, onMessage: (m: FromWorker) => void, onExit: (error: Error) => void): PoolWorker {
  if (isolation === 'thread') {
    // execArgv [] : the bootstrap registers tsx itself; the parent's loader flags do not apply to threads.
    const worker = new Worker(BOOTSTRAP, { execArgv: [], stdout: true });
    worker.stdout.pipe(process.stderr); // keep stdout for the CLI's own output
    let stopping = false;
    worker.on('message', onMessage);
    worker.on('error', (error) => onExit(error));
    worker.on('exit', (code) => {
      if (!stopping) onExit(new Error(`fold worker thread exited with code ${code} before finishing its job`));
    });
    return {
      send: (message) => worker.postMessage(message),
      stop: () => {
        stopping = true;
        void worker.terminate();
      },
    };
  }
  const child: ChildProcess = fork(BOOTSTRAP, [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  child.stdout?.pipe(process.stderr);
  let stopping = false;
  child.on('message', (message) => onMessage(message as FromWorker));
  child.on('error', (error) => onExit(error));
  child.on('exit', (code, signal) => {
    if (!stopping) onExit(new Error(`fold worker process exited (${signal ?? `code ${code}`}) before finishing its job`));
  });
  return {
    send: (message) => child.send(message),
    stop: () => {
      stopping = true;
      if (child.connected) child.send({ type: 'exit' } satisfies ToWorker);
      setTimeout(() => child.kill(), 5_000).unref();
    },
  };
}

/** A worker's error as thrown here: UserError stays a UserError (exit 2); the worker's stack is kept. */
function reviveError(error: SerializedError, jobIndex: number): Error {
  const revived = error.name === 'UserError' ? new UserError(error.message) : new Error(`fold job ${jobIndex}: ${error.message}`);
  if (error.stack) revived.stack = `${revived.name}: ${revived.message}\n  [in fold worker] ${error.stack}`;
  return revived;
}

class WorkerPool<J, O> {
  private readonly outputs: O[];
  private readonly workers: PoolWorker[] = [];
  private readonly progressTasks = new Map<string, ProgressTask>();
  /** Job indices in dispatch order. */
  private readonly order: number[];
  private nextJob = 0;
  private finished = 0;
  private failed = false;
  private resolve!: (outputs: O[]) => void;
  private reject!: (error: Error) => void;

  constructor(
    private readonly task: PoolTaskRef,
    private readonly jobs: readonly J[],
    private readonly count: number,
    private readonly options: WorkerPoolOptions & { progress: ProgressSink },
  ) {
    this.outputs = new Array<O>(jobs.length);
    this.order = jobs.map((_, index) => index);
    const cost = options.jobCost;
    if (cost) {
      const costs = jobs.map((job) => cost(job));
      this.order.sort((a, b) => costs[b] - costs[a] || a - b);
    }
  }

  run(): Promise<O[]> {
    return new Promise<O[]>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      for (let w = 0; w < this.count; w++) {
        const worker = startWorker(
          this.options.isolation,
          (message) => this.onMessage(worker, message),
          (error) => this.fail(error),
        );
        this.workers.push(worker);
        this.dispatch(worker);
      }
    });
  }

  /** Give the worker the next job, if any. */
  private dispatch(worker: PoolWorker): void {
    if (this.failed || this.nextJob >= this.jobs.length) return;
    const jobId = this.order[this.nextJob++];
    try {
      worker.send({ type: 'run', jobId, task: this.task, job: this.jobs[jobId] });
    } catch (error) {
      // DataCloneError: a function, tensor or class instance with private state in the job.
      this.fail(new Error(`fold job ${jobId} cannot be sent to a worker (jobs must be plain data): ${(error as Error).message}`));
    }
  }

  private onMessage(worker: PoolWorker, message: FromWorker): void {
    if (this.failed) return;
    if (message.type === 'progress') return this.onProgress(message.jobId, message.event);
    if (message.type === 'error') return this.fail(reviveError(message.error, message.jobId));
    if (message.type === 'event') return this.options.onEvent?.(message.jobId, message.event);
    this.outputs[message.jobId] = message.output as O;
    this.finished++;
    this.options.onResult?.(message.jobId, message.output);
    if (this.finished === this.jobs.length) {
      this.stopAll();
      this.resolve(this.outputs);
    } else {
      this.dispatch(worker);
    }
  }

  private onProgress(jobId: number, event: ProgressEvent): void {
    const key = `${jobId}:${event.taskId}`;
    if (event.kind === 'start') {
      this.progressTasks.set(key, this.options.progress.start(event.label, event.total));
    } else if (event.kind === 'update') {
      this.progressTasks.get(key)?.update(event.done, event.info);
    } else {
      this.progressTasks.get(key)?.stop();
      this.progressTasks.delete(key);
    }
  }

  private fail(error: Error): void {
    if (this.failed || this.finished === this.jobs.length) return;
    this.failed = true;
    this.stopAll();
    this.reject(error);
  }

  private stopAll(): void {
    for (const task of this.progressTasks.values()) task.stop();
    this.progressTasks.clear();
    for (const worker of this.workers) worker.stop();
  }
}
