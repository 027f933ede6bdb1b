import type { DataConfig } from '../config/schema.ts';
import type { BarSeries } from './bar.ts';
import { loadCsvSeries } from './load-csv.ts';

export interface LoadSeriesOptions {
  /** Yahoo only: ignore the cache and fetch again. */
  refresh?: boolean;
  /** Yahoo only: never touch the network; fail if the cache lacks the range. */
  offline?: boolean;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
}

/** Load every series a config's `data` block names (one for csv, one per symbol for yahoo). */
export async function loadSeries(data: DataConfig, options: LoadSeriesOptions = {}): Promise<BarSeries[]> {
  if (data.source === 'csv') {
    return [
      loadCsvSeries(data.path, { symbol: data.symbol, start: data.start, end: data.end, onInvalidRow: data.onInvalidRow }),
    ];
  }
  // Loaded lazily: the Yahoo client is only needed for this source.
  const yahooModule = './yahoo/load-yahoo.ts';
  const { loadYahooSeries } = await import(yahooModule);
  return loadYahooSeries(data, options);
}
