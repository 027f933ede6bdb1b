import type { Command } from 'commander';
import type { JournalCommandOptions } from './journal-action.ts';
import { runCommand } from './run-command.ts';

export function registerJournalCommand(program: Command): void {
  program
    .command('journal')
    .summary('score the journalled signals against the bars that arrived since')
    .description(
      'score the signals `walkforward signal` journalled for a config against its data as it is now: per strategy and symbol the ' +
        "return of following them (next-open fills, the config's costs), the hit rate, and the gap to the backtest of the same bars",
    )
    .argument('<config>', 'YAML config file')
    .option('--models <dir>', 'folder holding journal.jsonl and the saved models (default: models/<config name>)')
    .option('--json', 'print the scores as JSON')
    .option('-q, --quiet', 'no progress on stderr (warnings and errors still print)')
    .option('--refresh', 'ignore cached market data and fetch again')
    .option('--offline', 'never touch the network; use cached data only')
    .action(
      runCommand(async (configPath: string, options: JournalCommandOptions) => {
        const { journal } = await import('./journal-action.ts');
        await journal(configPath, options);
      }),
    );
}
