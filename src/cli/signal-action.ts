import { loadConfig } from '../config/load-config.ts';
import type { InputWarning } from '../core/warnings.ts';
import { loadSeries } from '../data/load-series.ts';
import { computeSignals, type SignalRow } from '../signal/compute-signals.ts';
import { appendJournal, journalPath, type JournalEntry } from '../signal/journal.ts';
import { checkStaleness } from '../signal/stale-data.ts';
import { checkOutputLocations } from './check-output-locations.ts';
import { formatNumber } from './format-number.ts';
import { modelsDirOf } from './models-dir.ts';
import { createLogger, createProgressSink } from './progress.ts';
import { createWarningPrinter } from './warnings.ts';

export interface SignalCommandOptions {
  asOf?: string;
  json?: boolean;
  models?: string;
  maxAge?: number;
  /** commander's --no-journal: false when given. */
  journal: boolean;
  quiet?: boolean;
  refresh?: boolean;
  offline?: boolean;
}

/** `walkforward signal`: config -> latest data -> staleness -> each strategy's decision at the last bar -> journal -> table. */
export async function signal(configPath: string, options: SignalCommandOptions): Promise<void> {
  const started = performance.now();
  const log = createLogger(Boolean(options.quiet));
  const printWarnings = createWarningPrinter();
  const loaded = await loadConfig(configPath);
  const modelsDir = modelsDirOf(loaded.config.name, options.models);
  const journal = journalPath(modelsDir);
  checkOutputLocations([
    { path: modelsDir, kind: 'folder' },
    ...(options.journal ? [{ path: journal, kind: 'file' as const }] : []),
  ]);
  const seriesList = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir, refresh: options.refresh, offline: options.offline });
  const today = new Date().toISOString().slice(0, 10);
  const warnings: InputWarning[] = [];
  for (const series of seriesList) {
    printWarnings(series.warnings);
    // A replay (--as-of) is about the past: the data's age today does not matter to it.
    if (options.asOf === undefined) printWarnings(checkStaleness(series, loaded.config.data.source, today, options.maxAge));
  }
  const progress = createProgressSink(Boolean(options.quiet));
  const rows: SignalRow[] = [];
  for (const series of seriesList) {
    const computed = await computeSignals(loaded, series, { modelsDir, asOf: options.asOf, progress });
    rows.push(...computed.rows);
    warnings.push(...computed.warnings);
  }
  printWarnings(warnings);
  const emittedAt = new Date().toISOString();
  if (options.journal) {
    appendJournal(
      journal,
      rows.map((row): JournalEntry => ({
        emittedAt,
        barDate: row.lastBarDate,
        signalFor: row.signalFor,
        strategy: row.strategy,
        symbol: row.symbol,
        forecast: row.forecastLogReturn,
        targetPosition: row.targetPosition,
        action: row.action,
        modelId: row.modelId,
        replay: options.asOf !== undefined,
      })),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const reused = rows.filter((row) => row.modelReused === true).length;
  const trained = rows.filter((row) => row.modelReused === false).length;
  log(`${loaded.config.name}: ${rows.length} signals in ${seconds.toFixed(2)} s (models: ${reused} reused, ${trained} trained; folder ${modelsDir})`);
  if (options.json) {
    const document = { config: loaded.path, name: loaded.config.name, asOf: options.asOf ?? null, emittedAt, modelsDir, journal: options.journal ? journal : null, signals: rows, warnings };
    process.stdout.write(`${JSON.stringify(document, null, 1)}\n`);
    return;
  }
  process.stdout.write(formatSignalTable(rows));
  for (const note of new Set(rows.flatMap((row) => row.notes.map((text) => `${row.strategy}: ${text}`)))) process.stdout.write(`note: ${note}\n`);
}

function position(value: number | null): string {
  if (value === null) return 'none';
  return value > 0 ? (value === 1 ? 'long' : `long ${value}`) : value < 0 ? (value === -1 ? 'short' : `short ${-value}`) : 'flat';
}

/** The signals as an aligned text table, one row per strategy and symbol. */
export function formatSignalTable(rows: readonly SignalRow[]): string {
  const header = ['strategy', 'symbol', 'last bar', 'signal for', 'forecast', 'target', 'action', 'confidence', 'trained on', 'trained at'];
  const cells = rows.map((row) => [
    row.strategy,
    row.symbol,
    row.lastBarDate,
    row.signalFor,
    row.forecastPct === null ? '-' : `${row.forecastPct >= 0 ? '+' : ''}${formatNumber(row.forecastPct, 3, '%')}${row.horizonBars !== null && row.horizonBars > 1 ? ` /${row.horizonBars} bars` : ''}`,
    position(row.targetPosition),
    row.action,
    row.confidence === null ? '-' : `${formatNumber(row.confidence, 2)} (${row.confidenceBasis === 'member-spread' ? 'spread' : 'sd'})`,
    row.trainStart === null ? '-' : `${row.trainStart}..${row.trainEnd}`,
    row.trainedAt === null ? '-' : `${row.trainedAt.slice(0, 19).replace('T', ' ')}Z ${row.modelReused ? '(saved)' : '(now)'}`,
  ]);
  const widths = header.map((title, j) => Math.max(title.length, ...cells.map((row) => row[j].length)));
  const line = (values: string[]) => values.map((value, j) => value.padEnd(widths[j])).join('  ').trimEnd() + '\n';
  return [line(header), ...cells.map(line)].join('');
}
