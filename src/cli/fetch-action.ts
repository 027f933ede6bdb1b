import { UserError } from '../core/errors.ts';
import { isOnOrBefore } from '../data/bar-time.ts';
import { findBarProblems } from '../data/validate-bars.ts';
import { adjustBars } from '../data/yahoo/adjust-bars.ts';
import { earliestServedDate, type YahooInterval } from '../data/yahoo/intervals.ts';
import { ensureCached } from '../data/yahoo/load-yahoo.ts';
import { findGaps, gapThresholdDays } from '../data/yahoo/series-gaps.ts';
import { resolveCacheDir, rowsToBars } from '../data/yahoo/yahoo-cache.ts';
import { FETCH_INTERVALS } from './fetch.ts';

export interface FetchOptions {
  from?: string;
  to?: string;
  interval: string;
  refresh?: boolean;
  cacheDir?: string;
}

/** Gaps listed per symbol; the count covers all of them. */
const GAPS_SHOWN = 5;

function checkDate(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UserError(`${flag}: expected a date YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

function tenYearsAgo(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear() - 10, now.getUTCMonth(), now.getUTCDate())).toISOString().slice(0, 10);
}

function isInterval(value: string): value is YahooInterval {
  return FETCH_INTERVALS.some((interval) => interval === value);
}

/**
 * `walkforward fetch`: fill the cache for each symbol and print its summary. Every symbol is tried
 * (a network failure too may be one symbol's: a rate limit, a timeout); each failure is printed
 * as it happens, and the command then fails with exit 2 naming them all.
 */
export async function fetchSymbols(symbols: string[], options: FetchOptions): Promise<void> {
  const interval = options.interval;
  if (!isInterval(interval)) throw new UserError(`--interval: expected one of ${FETCH_INTERVALS.join(', ')}, got "${options.interval}"`);
  // Intraday intervals reach back a limited time: by default as far as Yahoo serves them.
  const from = checkDate(options.from, '--from') ?? earliestServedDate(interval, new Date()) ?? tenYearsAgo();
  const to = checkDate(options.to, '--to');
  if (to !== undefined && to < from) throw new UserError(`--to ${to} is before --from ${from}`);
  const cacheDir = resolveCacheDir(options.cacheDir);
  const unique = [...new Set(symbols.map((s) => s.toUpperCase()))];
  const failed: string[] = [];
  for (const symbol of unique) {
    try {
      const ensured = await ensureCached({ symbol, from, to, interval }, { refresh: options.refresh }, cacheDir);
      const { cache, usableTo } = ensured;
      const raw = rowsToBars(cache.rows).filter((bar) => bar.date >= from && isOnOrBefore(bar.date, usableTo));
      const inRange = (event: { date: string }) => event.date >= from && event.date <= usableTo;
      const gaps = findGaps(raw.map((bar) => bar.date), gapThresholdDays(interval));
      const problems = findBarProblems(adjustBars(raw, cache.splits, cache.dividends, 'splits'));
      const how = ensured.origin === 'cache' ? 'from cache' : `downloaded (${ensured.requests} request${ensured.requests === 1 ? '' : 's'})`;
      const range = raw.length > 0 ? `${raw[0].date}..${raw.at(-1)!.date}` : `none in ${from}..${usableTo}`;
      const lines = [
        `${cache.symbol} ${interval}: ${raw.length} rows ${range}, ${gaps.length} gap${gaps.length === 1 ? '' : 's'} > ${gapThresholdDays(interval)} days, ` +
          `${cache.splits.filter(inRange).length} splits, ${cache.dividends.filter(inRange).length} dividends, ` +
          `${problems.length} invalid bars; ${how} -> ${ensured.file}`,
        ...gaps.slice(0, GAPS_SHOWN).map((gap) => `  gap: no bars between ${gap.after} and ${gap.before} (${gap.days} days)`),
        ...(gaps.length > GAPS_SHOWN ? [`  ... ${gaps.length - GAPS_SHOWN} more gaps`] : []),
        ...problems.slice(0, GAPS_SHOWN).map((p) => `  invalid: ${raw[p.index].date} ${p.column}: ${p.message}`),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      if (unique.length === 1) throw error;
      process.stderr.write(`walkforward: ${error.message}\n`);
      failed.push(symbol);
    }
  }
  if (failed.length > 0) throw new UserError(`fetch failed for ${failed.length} of ${unique.length} symbols: ${failed.join(', ')}`);
}
