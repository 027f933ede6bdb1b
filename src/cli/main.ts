import { Command, CommanderError } from 'commander';
import { registerBacktestCommand } from './backtest.ts';
import { registerCheckCommand } from './check.ts';
import { registerCompareCommand } from './compare.ts';
import { registerDataCommand } from './data-ls.ts';
import { registerFetchCommand } from './fetch.ts';
import { registerInitCommand } from './init.ts';
import { packageVersion } from '../core/package-version.ts';
import { registerJournalCommand } from './journal.ts';
import { registerSignalCommand } from './signal.ts';
import { registerSweepCommand } from './sweep.ts';
import { registerValidateCommand } from './validate.ts';
import { registerWorkerCommand } from './worker.ts';

// The CLI only wires stages: each subcommand's options live in its own file, and its work in a
// `-action` module imported only when that command runs (tfjs, the report, Yahoo load on demand).
const program = new Command();
program
  .name('walkforward')
  .description('Honest, fast walk-forward backtests of machine-learning trading signals')
  .version(packageVersion(), '-V, --version', 'print the version')
  .showHelpAfterError()
  .exitOverride();

registerBacktestCommand(program);
registerValidateCommand(program);
registerFetchCommand(program);
registerDataCommand(program);
registerCompareCommand(program);
registerSweepCommand(program);
registerWorkerCommand(program);
registerCheckCommand(program);
registerInitCommand(program);
registerSignalCommand(program);
registerJournalCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Usage errors (unknown command or option, missing argument) are bad input: exit 2.
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else throw error;
}
