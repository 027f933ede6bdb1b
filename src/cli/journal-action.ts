import { loadConfig } from '../config/load-config.ts';
import { loadSeries } from '../data/load-series.ts';
import { journalPath, readJournal } from '../signal/journal.ts';
import { scoreJournalOfConfig } from '../signal/journal-record.ts';
import type { JournalScore } from '../signal/score-journal.ts';
import { formatNumber } from './format-number.ts';
import { modelsDirOf } from './models-dir.ts';
import { createProgressSink } from './progress.ts';
import { createWarningPrinter } from './warnings.ts';

export interface JournalCommandOptions {
  models?: string;
  json?: boolean;
  quiet?: boolean;
  refresh?: boolean;
  offline?: boolean;
}

/** `walkforward journal`: config -> data now -> journal -> per strategy and symbol, followed vs backtest. */
export async function journal(configPath: string, options: JournalCommandOptions): Promise<void> {
  const loaded = await loadConfig(configPath);
  const modelsDir = modelsDirOf(loaded.config.name, options.models);
  const file = journalPath(modelsDir);
  const entries = readJournal(file);
  const seriesList = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir, refresh: options.refresh, offline: options.offline });
  const printWarnings = createWarningPrinter();
  for (const series of seriesList) printWarnings(series.warnings);
  const scores = await scoreJournalOfConfig(loaded, seriesList, entries, { modelsDir, progress: createProgressSink(Boolean(options.quiet)) });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ config: loaded.path, journal: file, entries: entries.length, scores }, null, 1)}\n`);
    return;
  }
  process.stdout.write(formatJournalTable(scores));
}

function formatJournalTable(scores: readonly JournalScore[]): string {
  const header = ['strategy', 'symbol', 'signals', 'bars', 'followed', 'backtest', 'gap', 'hit rate', 'targets unlike backtest'];
  const cells = scores.map((s) => [
    s.strategy,
    s.symbol,
    `${s.signals}${s.unmatched ? ` (+${s.unmatched} not in data)` : ''}`,
    s.firstBarDate === null ? '-' : `${s.firstBarDate}..${s.lastBarDate}`,
    formatNumber(s.followedReturnPct, 2, '%'),
    formatNumber(s.backtestReturnPct, 2, '%'),
    s.followedReturnPct === null || s.backtestReturnPct === null ? 'n/a' : `${formatNumber(s.followedReturnPct - s.backtestReturnPct, 2)} pp`,
    `${formatNumber(s.hitRatePct, 1, '%')} of ${s.scoredPositions}`,
    s.targetMismatches === 0 ? '0' : `${s.targetMismatches} (${s.mismatchDates.join(', ')}${s.targetMismatches > s.mismatchDates.length ? ', ...' : ''})`,
  ]);
  if (cells.length === 0) return 'the journal has no signals of these strategies on these symbols\n';
  const widths = header.map((title, j) => Math.max(title.length, ...cells.map((row) => row[j].length)));
  const line = (values: string[]) => values.map((value, j) => value.padEnd(widths[j])).join('  ').trimEnd() + '\n';
  return [line(header), ...cells.map(line)].join('');
}
