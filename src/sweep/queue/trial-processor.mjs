// The file BullMQ runs a trial job in: a sandboxed worker thread (or child process) of
// `walkforward worker`, so training never blocks the worker's lock renewals. A sandbox does not
// inherit the parent's loader: beside a compiled trial-processor-task.js (dist/) load that,
// else register tsx and load the TypeScript.
import { existsSync } from 'node:fs';

const compiled = new URL('./trial-processor-task.js', import.meta.url);
let task;
if (existsSync(compiled)) {
  task = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  task = await import('./trial-processor-task.ts');
}

export default task.processTrialJob;
