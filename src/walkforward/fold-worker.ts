/**
 * Entry of a fold worker (a worker thread, or a child process for tfjs-node whose native addon
 * breaks in worker threads). Loaded by fold-worker.mjs after tsx is registered. Runs one job at a
 * time: imports the task's module, calls `fn(job, progress, emit)`, posts the output back;
 * progress, task events and errors travel as messages so the main thread reports them.
 */
import { parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { ProgressSink } from '../core/progress.ts';
import type { FromWorker, PoolTaskRef, SerializedError, ToWorker } from './worker-messages.ts';

type TaskFunction = (job: unknown, progress: ProgressSink, emit: (event: unknown) => void) => unknown;

const send: (message: FromWorker) => void = parentPort
  ? (message) => parentPort!.postMessage(message)
  : (message) => process.send!(message);

const taskCache = new Map<string, Promise<TaskFunction>>();

function loadTask(task: PoolTaskRef): Promise<TaskFunction> {
  const key = `${task.modulePath}#${task.exportName}`;
  let loaded = taskCache.get(key);
  if (!loaded) {
    const url = task.modulePath.startsWith('file:') ? task.modulePath : pathToFileURL(task.modulePath).href;
    loaded = import(url).then((module: Record<string, unknown>) => {
      const fn = module[task.exportName];
      if (typeof fn !== 'function') throw new Error(`${task.modulePath} has no exported function ${task.exportName}`);
      return fn as TaskFunction;
    });
    taskCache.set(key, loaded);
  }
  return loaded;
}

function progressFor(jobId: number): ProgressSink {
  let nextTaskId = 0;
  return {
    start(label, total) {
      const taskId = nextTaskId++;
      send({ type: 'progress', jobId, event: { kind: 'start', taskId, label, total } });
      return {
        update: (done, info) => send({ type: 'progress', jobId, event: { kind: 'update', taskId, done, info } }),
        stop: () => send({ type: 'progress', jobId, event: { kind: 'stop', taskId } }),
      };
    },
  };
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

async function runJob(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  try {
    const fn = await loadTask(message.task);
    const emit = (event: unknown) => send({ type: 'event', jobId: message.jobId, event });
    const output = await fn(message.job, progressFor(message.jobId), emit);
    send({ type: 'result', jobId: message.jobId, output });
  } catch (error) {
    send({ type: 'error', jobId: message.jobId, error: serializeError(error) });
  }
}

function onMessage(message: ToWorker): void {
  if (message.type === 'exit') {
    // A child process holds its IPC channel open; threads are terminated by the pool.
    if (!parentPort) process.exit(0);
    return;
  }
  void runJob(message);
}

if (parentPort) parentPort.on('message', onMessage);
else if (process.send) {
  process.on('message', (message) => onMessage(message as ToWorker));
  // The parent died or gave up on the run: nobody wants this fold any more.
  process.on('disconnect', () => process.exit(0));
}
else throw new Error('fold-worker must run as a worker thread or a forked child process');
