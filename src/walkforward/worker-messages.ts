/** The messages between the fold worker pool (main thread) and its workers; plain structured-clone data. */

/** Which exported function a worker runs for each job: `fn(job, progress) => output`. */
export interface PoolTaskRef {
  /** Absolute path (or file: URL) of the module, a .ts file loaded through tsx. */
  modulePath: string;
  exportName: string;
}

export type ToWorker = { type: 'run'; jobId: number; task: PoolTaskRef; job: unknown } | { type: 'exit' };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type ProgressEvent =
  | { kind: 'start'; taskId: number; label: string; total: number }
  | { kind: 'update'; taskId: number; done: number; info?: Record<string, string | number> }
  | { kind: 'stop'; taskId: number };

export type FromWorker =
  | { type: 'result'; jobId: number; output: unknown }
  | { type: 'error'; jobId: number; error: SerializedError }
  | { type: 'progress'; jobId: number; event: ProgressEvent }
  /** A task-defined event (e.g. an epoch's loss) for the pool's `onEvent` listener. */
  | { type: 'event'; jobId: number; event: unknown };
