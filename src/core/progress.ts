/** How long work reports progress (folds, epochs, trials); the CLI draws it on stderr. */
export interface ProgressSink {
  /** Start a named task with `total` steps (folds, epochs). Returns an updater. */
  start(label: string, total: number): ProgressTask;
}
export interface ProgressTask {
  update(done: number, info?: Record<string, string | number>): void;
  stop(): void;
}

const silentTask: ProgressTask = { update() {}, stop() {} };

/** A progress sink that reports nothing (`--quiet`, tests, nested runs). */
export const silentProgress: ProgressSink = { start: () => silentTask };
