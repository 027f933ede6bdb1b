import { InvalidArgumentError, type Command } from 'commander';
import type { SignalCommandOptions } from './signal-action.ts';
import { runCommand } from './run-command.ts';

function parseDateOption(value: string): string {
  // A real calendar date: 2011-13-01 or 2011-02-30 is a typo, not the last bar.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || new Date(Date.parse(`${value}T00:00:00Z`) || 0).toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError('expected a date YYYY-MM-DD');
  }
  return value;
}

function parseMaxAge(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of trading days');
  return Number(value);
}

export function registerSignalCommand(program: Command): void {
  program
    .command('signal')
    .summary("each strategy's position for the next trading day, from the latest data")
    .description(
      "each strategy's decision at the last bar's close (or --as-of DATE's), for the next trading day: the model of the " +
        'walk-forward fold that bar falls in, saved under --models and reused while config, fold and bars are unchanged; ' +
        'every signal is appended to the journal beside the models. Exit 3 when the data is stale.',
    )
    .argument('<config>', 'YAML config file')
    .option('--as-of <date>', "the signal as it would have been at this date's close, from bars up to it only", parseDateOption)
    .option('--json', 'print the signals as JSON')
    .option('--models <dir>', 'folder of saved models and the journal (default: models/<config name>)')
    .option('--max-age <days>', 'trading days the last bar may be behind today (Yahoo default 3; a CSV only warns unless given)', parseMaxAge)
    .option('--no-journal', 'do not append these signals to the journal')
    .option('-q, --quiet', 'no progress on stderr (warnings and errors still print)')
    .option('--refresh', 'ignore cached market data and fetch again')
    .option('--offline', 'never touch the network; use cached data only')
    .action(
      runCommand(async (configPath: string, options: SignalCommandOptions) => {
        const { signal } = await import('./signal-action.ts');
        await signal(configPath, options);
      }),
    );
}
