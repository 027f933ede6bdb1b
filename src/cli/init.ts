import type { Command } from 'commander';
import type { InitOptions } from './init-action.ts';
import { runCommand } from './run-command.ts';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .summary('scaffold a study folder: a config, your own strategy file, data and a README')
    .description(
      'make a study folder: config.yaml comparing a strategy of your own (strategies/my-strategy.ts, a commented ' +
        'template) with baselines, the shipped GOOG daily bars (or Yahoo data with --yahoo), a README and npm scripts to run it',
    )
    .argument('<folder>', 'the folder to create (or an empty one)')
    .option('--yahoo <symbol>', 'use Yahoo Finance daily bars of this symbol (from 2015) instead of copying the shipped GOOG file')
    .action(
      runCommand(async (folder: string, options: InitOptions) => {
        const { init } = await import('./init-action.ts');
        await init(folder, options);
      }),
    );
}
