import type { Command } from 'commander';
import type { CompareOptions } from './compare-action.ts';
import { runCommand } from './run-command.ts';

export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .summary('merge runs into one comparison report')
    .description('merge runs (results.json files, or configs to run) into one comparison report with all strategies side by side')
    .argument('<inputs...>', 'results.json files (or the folders holding them) and/or YAML configs')
    .option('-o, --out <dir>', 'output directory (a folder named after --name is made inside)', 'reports')
    .option('-n, --name <name>', 'name of the comparison (its folder and title): letters, digits, _ . -, not starting with a dot', 'compare')
    .option('--json', 'print the comparison (metrics and statistics per strategy) as JSON on stdout')
    .option('-q, --quiet', 'no progress on stderr (warnings and errors still print)')
    .option('--offline', 'never touch the network when running configs')
    .action(
      runCommand(async (inputs: string[], options: CompareOptions) => {
        const { compare } = await import('./compare-action.ts');
        await compare(inputs, options);
      }),
    );
}
