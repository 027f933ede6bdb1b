import { Command, CommanderError } from 'commander';
import { registerBacktestCommand } from './backtest.ts';
import { registerCompareCommand } from './compare.ts';
import { registerDataCommand } from './data-ls.ts';
import { registerFetchCommand } from './fetch.ts';
import { registerValidateCommand } from './validate.ts';

// The CLI only wires stages: each subcommand lives in its own file.
const program = new Command();
program
  .name('walkforward')
  .description('Honest, fast walk-forward backtests of machine-learning trading signals')
  .showHelpAfterError()
  .exitOverride();

registerBacktestCommand(program);
registerValidateCommand(program);
registerFetchCommand(program);
registerDataCommand(program);
registerCompareCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Usage errors (unknown command or option, missing argument) are bad input: exit 2.
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else throw error;
}
