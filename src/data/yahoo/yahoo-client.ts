import YahooFinance from 'yahoo-finance2';
import type { ChartResultArray } from 'yahoo-finance2/modules/chart';
import type { YahooInterval } from './intervals.ts';

/** yahoo-finance2 logs validation details and notices to the console; we report errors ourselves. */
const quietLogger = { info() {}, warn() {}, error() {}, debug() {}, dir() {} };

/** A client that never checks npm for a newer version, stays quiet, and uses the fetch given. */
export function createYahooClient(fetchImpl: typeof fetch) {
  return new YahooFinance({ versionCheck: false, logger: quietLogger, fetch: fetchImpl, suppressNotices: ['yahooSurvey'] });
}

export interface ChartRequest {
  symbol: string;
  /** First date wanted, `YYYY-MM-DD` (inclusive), or a moment (a later piece of a long 1m download). */
  from: string | Date;
  /** Request end as a moment in time (the present, for the cache to learn every later split). */
  until: Date;
  interval: YahooInterval;
}

/** One chart() call with dividends and splits, in array form (quotes with `adjclose`). */
export async function requestChart(fetchImpl: typeof fetch, request: ChartRequest): Promise<ChartResultArray> {
  const client = createYahooClient(fetchImpl);
  return client.chart(
    request.symbol,
    { period1: request.from, period2: request.until, interval: request.interval, events: 'div|split', includePrePost: false },
    // Per-request fetch too: the library prefers a module option over the constructor's.
    { fetch: fetchImpl },
  );
}
