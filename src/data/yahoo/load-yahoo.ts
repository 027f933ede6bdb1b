import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { YahooDataConfig } from '../../config/schema.ts';
import { UserError } from '../../core/errors.ts';
import type { ProgressSink } from '../../core/progress.ts';
import type { BarSeries } from '../bar.ts';
import { doubtfulBarWarnings } from '../doubtful-bars.ts';
import { dropInvalidBars, findBarProblems } from '../validate-bars.ts';
import { adjustBars, type AdjustMode } from './adjust-bars.ts';
import { isOnOrBefore, stampDate } from '../bar-time.ts';
import { isValidTimeZone } from '../time-zone.ts';
import { checkIntradayRange, isIntradayInterval, requestSpans, type YahooInterval } from './intervals.ts';
import { joinChartResults, parseChart, type ChartSlice, type DividendEvent, type SplitEvent } from './parse-chart.ts';
import { planFetch, type FetchPlan } from './plan-fetch.ts';
import { DEFAULT_RETRY_POLICY, NetworkFailure, createRetryingFetch, type RetryPolicy } from './retrying-fetch.ts';
import { requestChart } from './yahoo-client.ts';
import {
  CACHE_FORMAT,
  barsToRows,
  cacheFilePath,
  readCachedSeries,
  resolveCacheDir,
  rowsToBars,
  writeCachedSeries,
  type CachedSeries,
} from './yahoo-cache.ts';

export interface LoadYahooOptions {
  /** Injected fetch (tests); otherwise $WALKFORWARD_FETCH_MODULE's default export, else global fetch. */
  fetch?: typeof fetch;
  /** Ignore the cache and download again. */
  refresh?: boolean;
  /** Never touch the network; fail if the cache lacks the range. */
  offline?: boolean;
  /** Overrides $WALKFORWARD_CACHE_DIR and the config's cacheDir. */
  cacheDir?: string;
  progress?: ProgressSink;
  /** Clock (tests): decides which bars are complete and the fetch time recorded. */
  now?: () => Date;
  retryPolicy?: RetryPolicy;
  /** Notes for the user (corrupt cache, retries, offline staleness); default stderr. */
  warn?: (message: string) => void;
}

export interface SymbolRequest {
  symbol: string;
  from: string;
  to?: string;
  interval: YahooInterval;
}

/** A symbol's cache after making sure it covers a request, and how that came about. */
export interface EnsuredCache {
  file: string;
  cache: CachedSeries;
  /** `cache`: no download; `network`: downloaded (all or the missing part). */
  origin: 'cache' | 'network';
  /** Chart requests made (0 when the cache sufficed). */
  requests: number;
  /** Last date the caller may use: the requested end, or the last complete bar. */
  usableTo: string;
}

const MAX_FETCH_LOG = 20;
/** Relative difference tolerated between cached and refetched raw closes (float32 noise). */
const OVERLAP_TOLERANCE = 1e-4;

const defaultWarn = (message: string) => process.stderr.write(`${message}\n`);

/** Test hook: a module whose default export replaces fetch, so CLI tests never reach the network. */
async function resolveFetch(injected?: typeof fetch): Promise<typeof fetch> {
  if (injected) return injected;
  const hook = process.env.WALKFORWARD_FETCH_MODULE;
  if (hook) {
    const module = await import(pathToFileURL(path.resolve(hook)).href);
    return module.default as typeof fetch;
  }
  return globalThis.fetch;
}

function networkError(symbol: string, error: unknown, cacheDir: string): UserError {
  if (error instanceof NetworkFailure) {
    return new UserError(
      `Could not download ${symbol} from Yahoo Finance: ${error.message}. ` +
        `If you are offline, run \`walkforward backtest --offline\` to use cached data (${cacheDir}), or use a CSV file (data.source: csv).`,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/no data found|not found|delisted/i.test(message)) {
    return new UserError(`Yahoo Finance has no data for symbol "${symbol}" (${message}); check the symbol.`, { cause: error });
  }
  return new UserError(`Yahoo Finance sent an unexpected response for ${symbol}: ${message}`, { cause: error });
}

function unionByDate<T extends { date: string }>(older: readonly T[], newer: readonly T[]): T[] {
  const byDate = new Map(older.map((event) => [event.date, event]));
  for (const event of newer) byDate.set(event.date, event);
  return Array.from(byDate.values()).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** First overlapping date whose raw close disagrees, or null when the slice extends the cache cleanly. */
function overlapMismatch(cache: CachedSeries, slice: ChartSlice): string | null {
  const cachedClose = new Map(cache.rows.map((row) => [row[0], row[4]]));
  for (const bar of slice.bars) {
    if (!isOnOrBefore(bar.date, cache.coveredTo)) break;
    const close = cachedClose.get(bar.date);
    if (close === undefined) return `${bar.date} is new inside the cached range`;
    if (Math.abs(bar.close - close) > OVERLAP_TOLERANCE * Math.abs(close)) {
      return `${bar.date} close ${bar.close} vs cached ${close}`;
    }
  }
  return null;
}

function cacheFromSlice(
  request: SymbolRequest,
  slice: ChartSlice,
  coveredFrom: string,
  coveredTo: string,
  at: string,
  fetchFrom: string,
  previous: CachedSeries | null,
  base: { rows: CachedSeries['rows']; splits: SplitEvent[]; dividends: DividendEvent[] } | null,
): CachedSeries {
  // Rows after the last complete date may still be trading: never cached.
  const fresh = slice.bars.filter((bar) => isOnOrBefore(bar.date, coveredTo));
  const keptRows = base ? base.rows.filter((row) => stampDate(row[0]) < fetchFrom) : [];
  return {
    format: CACHE_FORMAT,
    version: 1,
    symbol: request.symbol,
    interval: request.interval,
    currency: slice.currency,
    exchangeTimezone: slice.exchangeTimezone,
    coveredFrom,
    coveredTo,
    fetchedAt: at,
    fetches: [...(previous?.fetches ?? []), { at, from: fetchFrom, rows: fresh.length }].slice(-MAX_FETCH_LOG),
    splits: unionByDate(base?.splits ?? [], slice.splits),
    dividends: unionByDate(base?.dividends ?? [], slice.dividends),
    rows: keptRows.concat(barsToRows(fresh)),
  };
}

/**
 * Make sure the cache file of one symbol covers the request, downloading only what is missing
 * (or everything with `refresh`), and return it. Offline, a missing range is an error.
 */
export async function ensureCached(request: SymbolRequest, options: LoadYahooOptions, cacheDir: string): Promise<EnsuredCache> {
  const warn = options.warn ?? defaultWarn;
  const now = (options.now ?? (() => new Date()))();
  const symbol = request.symbol.toUpperCase();
  const file = cacheFilePath(cacheDir, symbol, request.interval);
  const describe = `${symbol} ${request.interval}`;
  if (options.refresh && options.offline) throw new UserError('--refresh and --offline cannot be combined');

  let cache: CachedSeries | null = null;
  if (!options.refresh) {
    const read = readCachedSeries(file);
    if (read.status === 'corrupt') {
      if (options.offline) throw new UserError(`${file}: cache file is corrupt (${read.reason}); cannot refetch with --offline`);
      warn(`warning: ${file}: cache file is corrupt (${read.reason}); downloading ${describe} again`);
    } else if (read.status === 'ok') {
      if (read.series.symbol === symbol && read.series.interval === request.interval) cache = read.series;
      else warn(`warning: ${file}: holds ${read.series.symbol} ${read.series.interval}, not ${describe}; downloading again`);
    }
  }

  let plan: FetchPlan = planFetch({ cached: cache, from: request.from, to: request.to, interval: request.interval, now, refresh: !!options.refresh });
  if (plan.kind === 'none') {
    if (cache) return { file, cache, origin: 'cache', requests: 0, usableTo: plan.requiredTo };
    throw new UserError(`${describe}: ${request.from}..${request.to ?? 'today'} has no complete bars yet (the last complete one is ${plan.lastComplete})`);
  }

  if (options.offline) {
    if (cache && request.to === undefined && cache.coveredFrom <= request.from) {
      warn(`note: offline: ${describe} from the cache, which ends at ${cache.coveredTo} (fetched ${cache.fetchedAt})`);
      return { file, cache, origin: 'cache', requests: 0, usableTo: cache.coveredTo };
    }
    const has = cache ? `covers only ${cache.coveredFrom}..${cache.coveredTo}` : `has no ${describe}`;
    throw new UserError(
      `--offline: the cache (${file}) ${has}, but ${request.from}..${request.to ?? 'today'} is needed. ` +
        `Run \`walkforward fetch ${symbol} --from ${request.from}${request.to ? ` --to ${request.to}` : ''}\` while online, or use a CSV file.`,
    );
  }

  const baseFetch = await resolveFetch(options.fetch);
  let requests = 0;
  const download = async (fetchFrom: string): Promise<ChartSlice> => {
    const retrying = createRetryingFetch(baseFetch, options.retryPolicy ?? DEFAULT_RETRY_POLICY, {
      onRetry: ({ reason, delayMs }) =>
        warn(`yahoo: ${symbol}: ${reason}; retrying in ${delayMs < 1000 ? `${delayMs} ms` : `${(delayMs / 1000).toFixed(1)} s`}`),
    });
    // Intraday bars: refused here, with the limit, if Yahoo no longer serves them that far back.
    checkIntradayRange(symbol, request.interval, fetchFrom, now);
    // 1m bars come 7 days per request: one download may take several.
    const spans = requestSpans(request.interval, new Date(`${fetchFrom}T00:00:00Z`), now);
    try {
      const results = [];
      for (const [index, span] of spans.entries()) {
        requests++;
        results.push(await requestChart(retrying, { symbol, from: index === 0 ? fetchFrom : span.from, until: span.until, interval: request.interval }));
      }
      return parseChart(joinChartResults(results), { intraday: isIntradayInterval(request.interval) });
    } catch (error) {
      throw networkError(symbol, error, cacheDir);
    }
  };

  const at = now.toISOString();
  let next: CachedSeries;
  if (plan.kind === 'append' && cache) {
    const slice = await download(plan.fetchFrom);
    const mismatch = overlapMismatch(cache, slice);
    if (mismatch === null) {
      next = cacheFromSlice(request, slice, cache.coveredFrom, plan.lastComplete, at, plan.fetchFrom, cache, cache);
    } else {
      // A split the cache never saw, or a correction by Yahoo: the cached rows cannot be trusted.
      warn(`warning: ${file}: cached ${describe} disagrees with Yahoo (${mismatch}); downloading the whole range again`);
      plan = { ...plan, kind: 'full', fetchFrom: cache.coveredFrom };
      const full = await download(plan.fetchFrom);
      next = cacheFromSlice(request, full, cache.coveredFrom, plan.lastComplete, at, plan.fetchFrom, cache, null);
    }
  } else {
    const slice = await download(plan.fetchFrom);
    next = cacheFromSlice(request, slice, plan.fetchFrom, plan.lastComplete, at, plan.fetchFrom, cache, null);
  }
  writeCachedSeries(file, next);
  return { file, cache: next, origin: 'network', requests, usableTo: plan.requiredTo };
}

export interface SymbolSeries {
  series: BarSeries;
  ensured: EnsuredCache;
}

/** One symbol's bars for [from, to], adjusted and validated like any other source. */
export async function loadYahooSymbol(
  request: SymbolRequest & { adjust: AdjustMode; onInvalidRow: 'error' | 'drop' },
  options: LoadYahooOptions,
  cacheDir: string,
): Promise<SymbolSeries> {
  const ensured = await ensureCached(request, options, cacheDir);
  const { cache, usableTo } = ensured;
  const raw = rowsToBars(cache.rows).filter((bar) => bar.date >= request.from && isOnOrBefore(bar.date, usableTo));
  let bars = adjustBars(raw, cache.splits, cache.dividends, request.adjust);
  const name = `yahoo:${cache.symbol} ${request.interval}`;
  let droppedRows = 0;
  if (request.onInvalidRow === 'drop') {
    const kept = dropInvalidBars(bars);
    bars = kept.bars;
    droppedRows = kept.dropped.length;
  } else {
    const [problem] = findBarProblems(bars);
    if (problem) {
      throw new UserError(
        `${name} (${ensured.file}): bar ${bars[problem.index].date}: ${problem.column}: ${problem.message} ` +
          `(set data.onInvalidRow: drop to skip such bars)`,
      );
    }
  }
  if (bars.length === 0) {
    throw new UserError(`${name}: Yahoo Finance has no bars between ${request.from} and ${request.to ?? usableTo}`);
  }
  const series: BarSeries = {
    symbol: cache.symbol,
    // No fetch time or cache/network origin here: results of the same config stay identical.
    source: `${name} adjust=${request.adjust}`,
    bars,
    timeZone: isValidTimeZone(cache.exchangeTimezone) ? cache.exchangeTimezone : 'UTC',
  };
  if (droppedRows > 0) series.droppedRows = droppedRows;
  // No line numbers in a JSON cache: the cache file and the bar's date name the place.
  const warnings = doubtfulBarWarnings(bars, (index) => `${name} (${ensured.file}) at ${bars[index].date}`);
  if (warnings.length > 0) series.warnings = warnings;
  return { series, ensured };
}

/** The symbols of a yahoo data block, upper-cased, without duplicates, in the order given. */
export function symbolsOf(config: YahooDataConfig): string[] {
  const all = [...(config.symbol ? [config.symbol] : []), ...(config.symbols ?? [])].map((s) => s.toUpperCase());
  return [...new Set(all)];
}

/** Load every symbol of a `source: yahoo` data block: one BarSeries per symbol, oldest bar first. */
export async function loadYahooSeries(config: YahooDataConfig, options: LoadYahooOptions = {}): Promise<BarSeries[]> {
  const cacheDir = resolveCacheDir(options.cacheDir, config.cacheDir);
  const symbols = symbolsOf(config);
  const task = options.progress?.start(`yahoo ${config.interval}`, symbols.length);
  const result: BarSeries[] = [];
  try {
    // One at a time: Yahoo rate-limits, and the first network failure ends the load quickly.
    for (const symbol of symbols) {
      const { series } = await loadYahooSymbol(
        { symbol, from: config.start, to: config.end, interval: config.interval, adjust: config.adjust, onInvalidRow: config.onInvalidRow },
        options,
        cacheDir,
      );
      result.push(series);
      task?.update(result.length, { symbol });
    }
  } finally {
    task?.stop();
  }
  return result;
}
