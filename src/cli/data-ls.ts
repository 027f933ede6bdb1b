import type { Command } from 'commander';
import type { DataLsOptions } from './data-ls-action.ts';
import { runCommand } from './run-command.ts';

/** `walkforward data ls`: what the market-data cache holds, one line per symbol and interval. */
export function registerDataCommand(program: Command): void {
  const data = program.command('data').description('inspect the market-data cache');
  data
    .command('ls')
    .description('list cached series: symbol, interval, rows, covered range, fetch time, size; flags corrupt files')
    .option('--cache-dir <dir>', 'cache directory (default: $WALKFORWARD_CACHE_DIR or ~/.cache/walkforward)')
    .option('--json', 'print the listing as JSON')
    .action(
      runCommand(async (options: DataLsOptions) => {
        const { listData } = await import('./data-ls-action.ts');
        await listData(options);
      }),
    );
}
