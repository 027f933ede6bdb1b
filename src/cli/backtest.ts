import type { Command } from 'commander';
import type { BacktestOptions } from './backtest-action.ts';
import { runCommand } from './run-command.ts';

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .summary('run a YAML config; writes results.json and report.html')
    .description('run a YAML config: every strategy on the same bars and costs; writes results.json and report.html')
    .argument('<config>', 'YAML config file')
    .option('-o, --out <dir>', "output directory (a folder named after the config's name: is made inside)", 'reports')
    .option('-q, --quiet', 'no progress on stderr (warnings and errors still print)')
    .option('--refresh', 'ignore cached market data and fetch again')
    .option('--offline', 'never touch the network; use cached data only')
    .option('--journal', "add a live record section: the signals journalled by `walkforward signal` beside this backtest")
    .option('--models <dir>', 'with --journal: the models folder holding journal.jsonl (default: models/<config name>)')
    .action(
      runCommand(async (configPath: string, options: BacktestOptions) => {
        // Loaded only when this command runs, so `--help` and other commands start fast.
        const { backtest } = await import('./backtest-action.ts');
        await backtest(configPath, options);
      }),
    );
}
