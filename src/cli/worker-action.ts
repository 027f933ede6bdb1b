import { UserError } from '../core/errors.ts';
import { startQueueWorker } from '../sweep/queue/queue-worker.ts';
import { createLogger } from './progress.ts';

export interface WorkerOptions {
  queue: string;
  concurrency: string;
  stallSeconds: string;
  quiet?: boolean;
}

function wholeNumber(text: string, flag: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UserError(`${flag}: expected a whole number >= ${min}, got "${text}"`);
  return value;
}

/** `walkforward worker`: serve the queue until SIGINT/SIGTERM, then let running trials finish. */
export async function worker(options: WorkerOptions): Promise<void> {
  const log = createLogger(Boolean(options.quiet));
  const concurrency = wholeNumber(options.concurrency, '--concurrency', 1);
  const stallSeconds = wholeNumber(options.stallSeconds, '--stall-seconds', 1);
  const running = await startQueueWorker(options.queue, { concurrency, stallSeconds, log });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`worker: ${signal}: finishing running trials (again to stop at once; unfinished trials go back on the queue)`);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await running.close();
}
