import { statSync } from 'node:fs';
import path from 'node:path';
import type { DataConfig } from '../config/schema.ts';
import { UserError } from '../core/errors.ts';
import type { BarSeries } from './bar.ts';
import { loadCsvSeries } from './load-csv.ts';

export interface LoadSeriesOptions {
  /**
   * Folder a relative `data.path` or `data.cacheDir` is relative to: the config file's folder
   * (`LoadedConfig.baseDir`), so a study folder runs the same from anywhere.
   */
  baseDir: string;
  /** Yahoo only: ignore the cache and fetch again. */
  refresh?: boolean;
  /** Yahoo only: never touch the network; fail if the cache lacks the range. */
  offline?: boolean;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
}

/** Load every series a config's `data` block names (one for csv, one per symbol for yahoo). */
export async function loadSeries(data: DataConfig, options: LoadSeriesOptions): Promise<BarSeries[]> {
  if (data.source === 'csv') {
    return [
      loadCsvSeries(resolveDataFile(data.path, options.baseDir), {
        symbol: data.symbol,
        start: data.start,
        end: data.end,
        onInvalidRow: data.onInvalidRow,
        timeZone: data.timezone,
      }),
    ];
  }
  // Loaded lazily: the Yahoo client is only needed for this source.
  const { loadYahooSeries } = await import('./yahoo/load-yahoo.ts');
  const cacheDir = data.cacheDir === undefined ? undefined : path.resolve(options.baseDir, data.cacheDir);
  return loadYahooSeries({ ...data, cacheDir }, options);
}

/**
 * `data.path` resolved against `baseDir`, checked to be a regular file, and shown as messages
 * should show it: relative to the working folder when inside it, else absolute.
 */
function resolveDataFile(file: string, baseDir: string): string {
  const resolved = path.resolve(baseDir, file);
  const where = path.isAbsolute(file) ? '' : ` (data.path is relative to the config file's folder, ${baseDir})`;
  let isFile: boolean;
  try {
    isFile = statSync(resolved).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${file}: file not found${where}` : `${file}: cannot read (${code ?? error})${where}`);
  }
  if (!isFile) throw new UserError(`${file}: not a regular file${where}`);
  const shown = path.relative(process.cwd(), resolved);
  return shown.startsWith('..') || path.isAbsolute(shown) ? resolved : shown;
}
