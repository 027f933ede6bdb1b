import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { writeFilesAtomically } from '../../core/write-atomic.ts';
import { YAHOO_INTERVALS, type YahooInterval } from './intervals.ts';
import type { DividendEvent, RawBar, SplitEvent } from './parse-chart.ts';

/**
 * One cache file per symbol and interval: `<cacheDir>/yahoo/<SYMBOL>_<interval>.json`, holding
 * raw (as traded) rows for the contiguous range [coveredFrom, coveredTo] plus every split and
 * dividend seen, and a sha256 of the content so a damaged file is never used.
 */
export interface CachedSeries {
  format: typeof CACHE_FORMAT;
  version: 1;
  symbol: string;
  interval: YahooInterval;
  currency: string;
  exchangeTimezone: string;
  /** Yahoo was asked for every bar in [coveredFrom, coveredTo]; the rows are all it had. */
  coveredFrom: string;
  coveredTo: string;
  /** ISO time of the latest network fetch. */
  fetchedAt: string;
  /** Most recent fetches, newest last: what was asked and how many rows came back. */
  fetches: Array<{ at: string; from: string; rows: number }>;
  splits: SplitEvent[];
  dividends: DividendEvent[];
  /** [date or intraday UTC stamp (bar.ts), open, high, low, close, volume], oldest first, raw prices. */
  rows: Array<[string, number, number, number, number, number]>;
}

export const CACHE_FORMAT = 'walkforward-yahoo-cache';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const barStamp = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/);
const cachedSeriesSchema = z.strictObject({
  format: z.literal(CACHE_FORMAT),
  version: z.literal(1),
  symbol: z.string().min(1),
  interval: z.enum(YAHOO_INTERVALS),
  currency: z.string(),
  exchangeTimezone: z.string(),
  coveredFrom: isoDate,
  coveredTo: isoDate,
  fetchedAt: z.string(),
  fetches: z.array(z.strictObject({ at: z.string(), from: isoDate, rows: z.number() })),
  splits: z.array(z.strictObject({ date: isoDate, numerator: z.number().positive(), denominator: z.number().positive() })),
  dividends: z.array(z.strictObject({ date: isoDate, amount: z.number() })),
  rows: z.array(z.tuple([barStamp, z.number(), z.number(), z.number(), z.number(), z.number()])),
});

export type CacheRead =
  | { status: 'missing'; file: string }
  | { status: 'corrupt'; file: string; reason: string }
  | { status: 'ok'; file: string; series: CachedSeries };

/** Precedence: an explicit directory, then $WALKFORWARD_CACHE_DIR, then the config's, then ~/.cache/walkforward. */
export function resolveCacheDir(explicit?: string, fromConfig?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit || env.WALKFORWARD_CACHE_DIR || fromConfig;
  if (chosen) return path.resolve(chosen.startsWith('~/') ? path.join(os.homedir(), chosen.slice(2)) : chosen);
  return path.join(os.homedir(), '.cache', 'walkforward');
}

export function cacheFilePath(cacheDir: string, symbol: string, interval: YahooInterval): string {
  // Symbols such as ^GSPC or EURUSD=X must become safe file names, reversibly.
  return path.join(cacheDir, 'yahoo', `${encodeURIComponent(symbol.toUpperCase())}_${interval}.json`);
}

function checksumOf(body: string): string {
  return 'sha256:' + createHash('sha256').update(body).digest('hex');
}

/** `{"checksum": sha256 of the body's JSON text, "body": ...}`; the body is serialised once. */
export function serializeCachedSeries(series: CachedSeries): string {
  const body = JSON.stringify(series);
  return `{"checksum":${JSON.stringify(checksumOf(body))},"body":${body}}\n`;
}

export function readCachedSeries(file: string): CacheRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing', file };
    return { status: 'corrupt', file, reason: `cannot read (${(error as NodeJS.ErrnoException).code ?? error})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { status: 'corrupt', file, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof parsed !== 'object' || parsed === null || !('checksum' in parsed) || !('body' in parsed)) {
    return { status: 'corrupt', file, reason: 'missing checksum or body' };
  }
  const { checksum, body } = parsed as { checksum: unknown; body: unknown };
  if (checksum !== checksumOf(JSON.stringify(body))) return { status: 'corrupt', file, reason: 'checksum mismatch' };
  const result = cachedSeriesSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { status: 'corrupt', file, reason: `unexpected content at ${issue.path.join('.') || 'top level'}: ${issue.message}` };
  }
  return { status: 'ok', file, series: result.data as CachedSeries };
}

/** Temp file + rename, so a reader never sees half a file and a crash leaves the old one. */
export function writeCachedSeries(file: string, series: CachedSeries): void {
  writeFilesAtomically([{ path: file, content: serializeCachedSeries(series) }]);
}

export function rowsToBars(rows: CachedSeries['rows']): RawBar[] {
  return rows.map(([date, open, high, low, close, volume]) => ({ date, open, high, low, close, volume }));
}

export function barsToRows(bars: readonly RawBar[]): CachedSeries['rows'] {
  return bars.map((bar) => [bar.date, bar.open, bar.high, bar.low, bar.close, bar.volume]);
}

export interface CacheListing {
  file: string;
  bytes: number;
  read: CacheRead;
}

/** Every Yahoo cache file under `cacheDir`, sorted by name, each read and checked. */
export function listCachedSeries(cacheDir: string): CacheListing[] {
  const folder = path.join(cacheDir, 'yahoo');
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = path.join(folder, name);
      return { file, bytes: statSync(file).size, read: readCachedSeries(file) };
    });
}
