import type { Command } from 'commander';
import type { ValidateOptions } from './validate-action.ts';
import { runCommand } from './run-command.ts';

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .summary('check a config without training it')
    .description('check a config without training: keys, types, strategy params, the data, and each strategy on the data (e.g. walk-forward folds fit); prints the warnings a run would')
    .argument('<config>', 'YAML config file')
    .option('--offline', 'do not fetch market data; check only what is cached')
    .action(
      runCommand(async (configPath: string, options: ValidateOptions) => {
        const { validate } = await import('./validate-action.ts');
        await validate(configPath, options);
      }),
    );
}
