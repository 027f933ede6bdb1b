import { STALE_DATA_EXIT_CODE, UserError } from '../core/errors.ts';
import type { InputWarning } from '../core/warnings.ts';
import type { BarSeries } from '../data/bar.ts';
import { tradingDaysSince } from './trading-days.ts';

/** Trading days a Yahoo series' last bar may be behind today before `signal` refuses it. */
export const DEFAULT_MAX_AGE_TRADING_DAYS = 3;

/**
 * Is a series too old to signal from? Its age is the weekdays after its last bar up to `today`.
 * Yahoo data (refreshed through the cache) older than `maxAge` (default 3) is an error with exit
 * code 3, naming the symbol and the last date, so a scheduler sees it; a CSV file is the user's
 * own, so it only gets a warning, unless `maxAge` is given.
 */
export function checkStaleness(
  series: BarSeries,
  dataSource: 'csv' | 'yahoo',
  today: string,
  maxAge: number | undefined,
): InputWarning[] {
  const last = series.bars[series.bars.length - 1].date;
  const age = tradingDaysSince(last, today);
  const allowed = maxAge ?? DEFAULT_MAX_AGE_TRADING_DAYS;
  if (age <= allowed) return [];
  const message = `${series.symbol}: the last bar (${last}) is ${age} trading days old on ${today} (allowed: ${allowed}; --max-age)`;
  if (dataSource === 'yahoo' || maxAge !== undefined) {
    throw new UserError(`stale data: ${message}`, { exitCode: STALE_DATA_EXIT_CODE });
  }
  return [{ code: 'stale-data', message: `${series.source}: ${message}: the signal is for a day long past` }];
}
