import { statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { outputNameProblem } from '../config/output-name.ts';
import { UserError } from '../core/errors.ts';
import { readRegularFile } from '../core/read-regular-file.ts';
import type { InputWarning } from '../core/warnings.ts';
import { toJson } from '../core/json-text.ts';
import { writeFilesAtomically } from '../core/write-atomic.ts';
import { loadSeries } from '../data/load-series.ts';
import { computeStatistics } from '../metrics/statistics.ts';
import { renderReport } from '../report/render-report.ts';
import { comparisonSummary, mergeRuns, type LabelledRun } from '../run/merge-runs.ts';
import { RESULTS_VERSION, type RunResults } from '../run/results.ts';
import { decodeResults, encodeResults, type ResultsFile } from '../run/results-file.ts';
import { runSeries } from '../run/run-multi-symbol.ts';
import { checkBeforeRun } from './check-before-run.ts';
import { checkOutputLocations } from './check-output-locations.ts';
import { formatNumber } from './format-number.ts';
import { createLogger, createProgressSink } from './progress.ts';
import { createWarningPrinter } from './warnings.ts';

export interface CompareOptions {
  out: string;
  name: string;
  json?: boolean;
  quiet?: boolean;
  offline?: boolean;
}

/** Largest results.json read (a string of JSON cannot be much longer in V8). */
const MAX_RESULTS_BYTES = 512 * 1024 * 1024;

/** Read a results.json and check it is one (a wrong file should fail here, not in the report). */
export function readResultsFile(file: string): RunResults {
  const text = readRegularFile(file, { maxBytes: MAX_RESULTS_BYTES, what: 'file' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
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

function isFolder(input: string): boolean {
  try {
    return statSync(input).isDirectory();
  } catch {
    return false;
  }
}

async function loadRun(input: string, options: CompareOptions, printWarnings: (warnings: readonly InputWarning[] | undefined) => void): Promise<LabelledRun> {
  // A run's output folder (reports/default) stands for its results.json.
  if (isFolder(input)) return { source: input, results: readResultsFile(path.join(input, 'results.json')) };
  const extension = path.extname(input).toLowerCase();
  if (extension === '.json') return { source: input, results: readResultsFile(input) };
  if (extension === '.yaml' || extension === '.yml') {
    const loaded = await loadConfig(input);
    const seriesList = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir, offline: options.offline });
    checkBeforeRun(loaded, seriesList, printWarnings);
    const results = await runSeries(loaded, seriesList, { progress: createProgressSink(Boolean(options.quiet || options.json)) });
    return { source: input, results };
  }
  throw new UserError(`${input}: expected a results.json or a config .yaml`);
}

/** `walkforward compare`: several runs merged into one report, statistics recomputed over all. */
export async function compare(inputs: string[], options: CompareOptions): Promise<void> {
  const nameProblem = outputNameProblem(options.name);
  if (nameProblem !== undefined) throw new UserError(`--name "${options.name}": ${nameProblem}`);
  const outDir = path.join(options.out, options.name);
  const resultsPath = path.join(outDir, 'results.json');
  const reportPath = path.join(outDir, 'report.html');
  checkOutputLocations([
    { path: resultsPath, kind: 'file' },
    { path: reportPath, kind: 'file' },
  ]);
  const log = createLogger(Boolean(options.quiet));
  const printWarnings = createWarningPrinter();
  const runs: LabelledRun[] = [];
  for (const input of inputs) {
    log(`compare: reading ${input}`);
    runs.push(await loadRun(input, options, printWarnings));
  }
  const merged = mergeRuns(runs, { name: options.name });
  computeStatistics(merged);
  writeFilesAtomically([
    { path: resultsPath, content: toJson(encodeResults(merged)) },
    { path: reportPath, content: renderReport(merged) },
  ]);
  printWarnings(merged.warnings);
  if (options.json) {
    process.stdout.write(`${toJson(comparisonSummary(merged, runs))}\n`);
    log(`report: ${reportPath}`);
  } else {
    for (const strategy of merged.strategies) {
      log(`  ${strategy.name.padEnd(28)} Sharpe ${formatNumber(strategy.metrics.sharpe, 2)}  deflated Sharpe ${formatNumber(strategy.statistics?.deflatedSharpe, 2)}`);
    }
    log(`  engine: ${merged.engine === 'none' ? 'none (no model trained)' : merged.engine}`);
    process.stdout.write(`report: ${reportPath}\nresults: ${resultsPath}\n`);
  }
}
