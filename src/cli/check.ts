import type { Command } from 'commander';
import type { CheckOptions } from './check-action.ts';
import { runCommand } from './run-command.ts';

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .summary("run the look-ahead and determinism contract on a strategy file or a config's strategies")
    .description(
      'run the contract every built-in strategy passes on your strategy file (or every strategy of a config): ' +
        'no look-ahead (delete the bars after t, at many t: no decision up to t may change) and determinism ' +
        '(same seed, same decisions). Names the first bar whose decision changed; exits 1 if a check fails.',
    )
    .argument('<file>', 'a strategy file (.ts, .mts, .js, .mjs; default export made with defineStrategy) or a YAML config')
    .option('--params <json>', 'strategy file: its params as JSON (default: the schema defaults)')
    .option('--mode <mode>', 'strategy file: long-only or long-short (default: both)')
    .option('--data <csv>', "strategy file: bars to check on (default: walkforward's shipped GOOG daily bars)")
    .option('--cuts <n>', 'truncations to check (default 12)', (value: string) => Number(value))
    .option('-q, --quiet', 'no progress on stderr')
    .option('--offline', 'config: never touch the network for its data')
    .action(
      runCommand(async (file: string, options: CheckOptions) => {
        const { check } = await import('./check-action.ts');
        await check(file, options);
      }),
    );
}
