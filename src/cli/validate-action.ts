import { loadConfig } from '../config/load-config.ts';
import { loadSeries } from '../data/load-series.ts';
import { checkBeforeRun } from './check-before-run.ts';
import { createWarningPrinter } from './warnings.ts';

export interface ValidateOptions {
  offline?: boolean;
}

/** `walkforward validate`: every check a backtest makes before training, and nothing more. */
export async function validate(configPath: string, options: ValidateOptions): Promise<void> {
  const loaded = await loadConfig(configPath);
  const seriesList = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir, offline: options.offline });
  checkBeforeRun(loaded, seriesList, createWarningPrinter());
  const dataSummary = seriesList
    .map((s) => `${s.symbol}: ${s.bars.length} bars ${s.bars[0].date} .. ${s.bars.at(-1)!.date}${s.droppedRows ? ` (${s.droppedRows} rows dropped)` : ''}`)
    .join('; ');
  const names = loaded.strategies.map((s) => `${s.entry.name} (${s.entry.type})`).join(', ');
  process.stdout.write(`${configPath}: ok — ${dataSummary}; strategies: ${names}\n`);
}
