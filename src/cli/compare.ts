import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.ts';
import { loadSeries } from '../data/load-series.ts';
import { UserError } from '../core/errors.ts';
import { computeStatistics } from '../metrics/statistics.ts';
import { comparisonSummary, mergeRuns, type LabelledRun } from '../run/merge-runs.ts';
import { renderReport } from '../report/render-report.ts';
import { RESULTS_VERSION, type RunResults } from '../run/results.ts';
import { decodeResults, encodeResults, type ResultsFile } from '../run/results-file.ts';
import { runSeries } from '../run/run-multi-symbol.ts';
import { toJson } from '../core/json-text.ts';
import { writeFilesAtomically } from '../core/write-atomic.ts';
import { createLogger, createProgressSink } from './progress.ts';
import { runCommand } from './run-command.ts';

interface CompareOptions {
  out: string;
  name: string;
  json?: boolean;
  quiet?: boolean;
  offline?: boolean;
}

/** Read a results.json and check it is one (a wrong file should fail here, not in the report). */
export function readResultsFile(file: string): RunResults {
  if (!existsSync(file)) throw new UserError(`${file}: file not found`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const results = parsed as Partial<ResultsFile>;
  if (results && typeof results === 'object' && typeof results.version === 'number' && results.version !== RESULTS_VERSION) {
    throw new UserError(`${file}: results format version ${results.version}, this walkforward reads version ${RESULTS_VERSION} (evaluation windows); run its config again`);
  }
  const columnar = (columns: unknown) => typeof columns === 'object' && columns !== null && Array.isArray((columns as { date?: unknown }).date);
  if (!results || typeof results !== 'object' || !Array.isArray(results.strategies) || !columnar(results.bars) || !results.strategies.every((s) => columnar(s?.equity))) {
    throw new UserError(`${file}: not a walkforward results.json (expected version ${RESULTS_VERSION} with bars and strategies)`);
  }
  if (results.strategies.length === 0) throw new UserError(`${file}: strategies: empty`);
  return decodeResults(results as ResultsFile);
}

async function loadRun(input: string, options: CompareOptions): Promise<LabelledRun> {
  // A run's output folder (reports/default) stands for its results.json.
  if (existsSync(input) && statSync(input).isDirectory()) return { source: input, results: readResultsFile(path.join(input, 'results.json')) };
  const extension = path.extname(input).toLowerCase();
  if (extension === '.json') return { source: input, results: readResultsFile(input) };
  if (extension === '.yaml' || extension === '.yml') {
    const loaded = loadConfig(input);
    const seriesList = await loadSeries(loaded.config.data, { offline: options.offline });
    const results = await runSeries(loaded, seriesList, { progress: createProgressSink(Boolean(options.quiet || options.json)) });
    return { source: input, results };
  }
  throw new UserError(`${input}: expected a results.json or a config .yaml`);
}

export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('merge runs (results.json files, or configs to run) into one comparison report with all strategies side by side')
    .argument('<inputs...>', 'results.json files (or the folders holding them) and/or YAML configs')
    .option('-o, --out <dir>', 'output directory (a folder named after --name is made inside)', 'reports')
    .option('-n, --name <name>', 'name of the comparison (its folder and title)', 'compare')
    .option('--json', 'print the comparison (metrics and statistics per strategy) as JSON on stdout')
    .option('-q, --quiet', 'no progress output on stderr')
    .option('--offline', 'never touch the network when running configs')
    .action(
      runCommand(async (inputs: string[], options: CompareOptions) => {
        if (!/^[\w.-]+$/.test(options.name)) throw new UserError(`--name: "${options.name}" may hold letters, digits, _ . - only`);
        const log = createLogger(Boolean(options.quiet));
        const runs: LabelledRun[] = [];
        for (const input of inputs) {
          log(`compare: reading ${input}`);
          runs.push(await loadRun(input, options));
        }
        const merged = mergeRuns(runs, { name: options.name });
        computeStatistics(merged);
        const outDir = path.join(options.out, options.name);
        const resultsPath = path.join(outDir, 'results.json');
        const reportPath = path.join(outDir, 'report.html');
        writeFilesAtomically([
          { path: resultsPath, content: toJson(encodeResults(merged)) },
          { path: reportPath, content: renderReport(merged) },
        ]);
        if (options.json) {
          process.stdout.write(`${toJson(comparisonSummary(merged, runs))}\n`);
          log(`report: ${reportPath}`);
        } else {
          for (const strategy of merged.strategies) {
            const stats = strategy.statistics as { deflatedSharpe?: number } | undefined;
            log(`  ${strategy.name.padEnd(28)} Sharpe ${strategy.metrics.sharpe.toFixed(2)}  deflated Sharpe ${stats?.deflatedSharpe?.toFixed(2) ?? 'n/a'}`);
          }
          process.stdout.write(`report: ${reportPath}\nresults: ${resultsPath}\n`);
        }
      }),
    );
}
