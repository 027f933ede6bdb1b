import type { ProgressSink, ProgressTask } from './types.ts';

const silentTask: ProgressTask = { update() {}, stop() {} };

/** A progress sink that reports nothing (`--quiet`, tests, nested runs). */
export const silentProgress: ProgressSink = { start: () => silentTask };
