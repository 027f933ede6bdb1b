import type { Command } from 'commander';
import { runCommand } from './run-command.ts';
import type { WorkerOptions } from './worker-action.ts';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run sweep trials from a BullMQ queue on Redis (see `sweep --queue`), on this machine, until stopped (Ctrl-C waits for running trials)')
    .requiredOption('--queue <url>', 'the queue\'s Redis, redis://HOST:PORT')
    .option('--concurrency <n>', 'trials at once, each in its own worker thread', '1')
    .option('--stall-seconds <s>', "a trial whose worker stops renewing its lock this long goes back on the queue", '30')
    .option('-q, --quiet', 'no log lines on stderr')
    .action(
      runCommand(async (options: WorkerOptions) => {
        const { worker } = await import('./worker-action.ts');
        await worker(options);
      }),
    );
}
