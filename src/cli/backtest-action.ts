import path from 'node:path';
import { loadConfig } from '../config/load-config.ts';
import { toJson } from '../core/json-text.ts';
import { writeFilesAtomically } from '../core/write-atomic.ts';
import { loadSeries } from '../data/load-series.ts';
import { computeStatistics } from '../metrics/statistics.ts';
import { renderReport } from '../report/render-report.ts';
import { encodeResults } from '../run/results-file.ts';
import { runSeries } from '../run/run-multi-symbol.ts';
import { silentProgress } from '../core/progress.ts';
import type { RunResults } from '../run/results.ts';
import { readJournal, journalPath } from '../signal/journal.ts';
import { scoreJournalOfConfig, type KnownDecisions } from '../signal/journal-record.ts';
import { checkBeforeRun } from './check-before-run.ts';
import { modelsDirOf } from './models-dir.ts';
import { checkOutputLocations } from './check-output-locations.ts';
import { formatNumber } from './format-number.ts';
import { createLogger, createProgressSink } from './progress.ts';
import { createWarningPrinter } from './warnings.ts';

export interface BacktestOptions {
  out: string;
  quiet?: boolean;
  refresh?: boolean;
  offline?: boolean;
  /** Add the "live record" section from the journal in `models` (default models/<name>). */
  journal?: boolean;
  models?: string;
}

/** `walkforward backtest`: config -> data -> checks -> run -> statistics -> results.json + report.html. */
export async function backtest(configPath: string, options: BacktestOptions): Promise<void> {
  const log = createLogger(Boolean(options.quiet));
  const printWarnings = createWarningPrinter();
  const loaded = await loadConfig(configPath);
  const outDir = path.join(options.out, loaded.config.name);
  const resultsPath = path.join(outDir, 'results.json');
  const reportPath = path.join(outDir, 'report.html');
  const saveModelsDir = path.join(outDir, 'models');
  // Before any work: a run must not train for minutes and then find it cannot write.
  checkOutputLocations([
    { path: resultsPath, kind: 'file' },
    { path: reportPath, kind: 'file' },
    ...(loaded.config.saveModels ? [{ path: saveModelsDir, kind: 'folder' as const }] : []),
  ]);
  const seriesList = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir, refresh: options.refresh, offline: options.offline });
  for (const series of seriesList) {
    log(`${loaded.config.name}: ${series.symbol} ${series.bars[0].date} .. ${series.bars.at(-1)!.date} (${series.bars.length} bars from ${series.source}${series.droppedRows ? `, ${series.droppedRows} invalid rows dropped` : ''})`);
  }
  checkBeforeRun(loaded, seriesList, printWarnings);
  // Read before the run: a broken journal is bad input, found before minutes of training.
  const journalFile = options.journal ? journalPath(modelsDirOf(loaded.config.name, options.models)) : undefined;
  const journalEntries = journalFile === undefined ? undefined : readJournal(journalFile);
  // One series: a plain run; several (data.symbols): per-symbol runs plus their equal-weight total.
  const results = await runSeries(loaded, seriesList, { progress: createProgressSink(Boolean(options.quiet)), saveModelsDir });
  computeStatistics(results); // PSR, deflated Sharpe, bootstrap CI, Diebold-Mariano: into results.json and the report
  const liveRecord =
    journalFile !== undefined && journalEntries !== undefined
      ? { journalFile, scores: await scoreJournalOfConfig(loaded, seriesList, journalEntries, { modelsDir: path.dirname(journalFile), progress: silentProgress, known: knownDecisions(results) }) }
      : undefined;
  writeFilesAtomically([
    { path: resultsPath, content: toJson(encodeResults(results)) },
    { path: reportPath, content: renderReport(results, { liveRecord }) },
  ]);
  printWarnings(results.warnings);
  for (const strategy of results.strategies) {
    const m = strategy.metrics;
    log(
      `  ${strategy.name.padEnd(20)} return ${formatNumber(m.totalReturnPct, 1, '%')}  Sharpe ${formatNumber(m.sharpe, 2)}  ` +
        `max DD ${formatNumber(m.maxDrawdownPct, 1, '%')}  trades ${m.trades}`,
    );
  }
  log(`  periods a year: ${results.conventions.periodsPerYear} (${results.conventions.periodsPerYearRule})`);
  log(`  engine: ${results.engine === 'none' ? 'none (no model trained)' : results.engine}`);
  process.stdout.write(`report: ${reportPath}\nresults: ${resultsPath}\n`);
}

/** This run's decisions per symbol and strategy, so the live record compares with them (nothing is run again). */
function knownDecisions(results: RunResults): (symbol: string) => KnownDecisions | undefined {
  const runs = results.perSymbol ?? [results];
  return (symbol) => {
    const run = runs.find((candidate) => candidate.data.symbol === symbol);
    if (!run) return undefined;
    return new Map(
      run.strategies.map((strategy) => [
        strategy.name,
        { targetPositions: strategy.targetPositions, ...(strategy.model ? { forecasts: strategy.model.forecasts } : {}) },
      ]),
    );
  };
}
