import { UserError } from '../../core/errors.ts';

/** The bar intervals Yahoo's chart API serves that we accept (its `5d` and `3mo` are left out). */
export const YAHOO_INTERVALS = ['1m', '2m', '5m', '15m', '30m', '60m', '90m', '1h', '1d', '1wk', '1mo'] as const;
export type YahooInterval = (typeof YAHOO_INTERVALS)[number];

/** Minutes and hours: bars stamped with their UTC start time (bar.ts), not a date. */
export function isIntradayInterval(interval: YahooInterval): boolean {
  return interval !== '1d' && interval !== '1wk' && interval !== '1mo';
}

/**
 * How far back Yahoo serves each intraday interval, in days before now, and the longest span one
 * request may ask for. Yahoo refuses anything else with HTTP 422, e.g. "1m data not available for
 * startTime=... The requested range must be within the last 30 days", "Only 7 days worth of 1m
 * granularity data are allowed to be fetched per request", "... within the last 60 days" (2m to
 * 90m), "... within the last 730 days" (60m, 1h). Daily and coarser bars go back decades.
 */
export const INTRADAY_LIMITS: Partial<Record<YahooInterval, { maxDaysBack: number; maxDaysPerRequest?: number }>> = {
  '1m': { maxDaysBack: 30, maxDaysPerRequest: 7 },
  '2m': { maxDaysBack: 60 },
  '5m': { maxDaysBack: 60 },
  '15m': { maxDaysBack: 60 },
  '30m': { maxDaysBack: 60 },
  '90m': { maxDaysBack: 60 },
  '60m': { maxDaysBack: 730 },
  '1h': { maxDaysBack: 730 },
};

const DAY_MS = 86_400_000;

/**
 * The first date Yahoo still serves `interval` bars for at `now` (a day inside its limit, so a
 * request made a few minutes later is not refused), or undefined when there is no limit.
 */
export function earliestServedDate(interval: YahooInterval, now: Date): string | undefined {
  const limit = INTRADAY_LIMITS[interval];
  if (!limit) return undefined;
  return new Date(now.getTime() - (limit.maxDaysBack - 1) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Refuse, before any request, a download that reaches further back than Yahoo serves the
 * interval: one clear message with the limit, the earliest start that works and the alternatives.
 */
export function checkIntradayRange(symbol: string, interval: YahooInterval, fetchFrom: string, now: Date): void {
  const earliest = earliestServedDate(interval, now);
  if (earliest === undefined || fetchFrom >= earliest) return;
  const limit = INTRADAY_LIMITS[interval]!;
  const longer = interval === '60m' || interval === '1h' ? '1d (decades)' : '1h (730 days) or 1d (decades)';
  throw new UserError(
    `${symbol} ${interval}: Yahoo Finance serves ${interval} bars for the last ${limit.maxDaysBack} days only, ` +
      `so it cannot download from ${fetchFrom}: start on ${earliest} or later (data.start, or fetch --from), a longer interval (${longer}), or a CSV file`,
  );
}

/** [from, until) cut into pieces Yahoo accepts in one request (one piece when it has no per-request limit). */
export function requestSpans(interval: YahooInterval, from: Date, until: Date): Array<{ from: Date; until: Date }> {
  const perRequest = INTRADAY_LIMITS[interval]?.maxDaysPerRequest;
  if (perRequest === undefined) return [{ from, until }];
  const spans: Array<{ from: Date; until: Date }> = [];
  for (let start = from.getTime(); start < until.getTime(); start += perRequest * DAY_MS) {
    spans.push({ from: new Date(start), until: new Date(Math.min(start + perRequest * DAY_MS, until.getTime())) });
  }
  return spans.length > 0 ? spans : [{ from, until }];
}
