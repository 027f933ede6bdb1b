import type { Command } from 'commander';
import { runCommand } from './run-command.ts';
import type { SweepOptions } from './sweep-action.ts';

export function registerSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description(
      'run every trial of a config\'s sweep: block (grid or random search over strategy params), each a full backtest over one common window; ' +
        'writes <out>/<name>/trials.jsonl as trials finish, then sweep.json and report.html with the deflated Sharpe ratio, PBO and walk-forward optimization',
    )
    .argument('<config>', 'YAML config file with a sweep: block')
    .option('-o, --out <dir>', "output directory (a folder named after the config's name: is made inside)", 'reports')
    .option('--resume', 'continue the sweep recorded in the output folder: run only the trials it lacks')
    .option('--queue <url>', 'put trials on a BullMQ queue at redis://HOST:PORT for `walkforward worker` processes to run')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--refresh', 'ignore cached market data and fetch again')
    .option('--offline', 'never touch the network; use cached data only')
    .action(
      runCommand(async (configPath: string, options: SweepOptions) => {
        // Loaded only when this command runs, so other commands start without it.
        const { sweep } = await import('./sweep-action.ts');
        await sweep(configPath, options);
      }),
    );
}
