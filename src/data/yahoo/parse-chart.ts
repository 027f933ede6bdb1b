import type { ChartResultArray } from 'yahoo-finance2/modules/chart';
import type { Bar } from '../bar.ts';
import { utcMsToIntradayStamp } from '../bar-time.ts';
import { utcMsToIso } from './calendar.ts';

/** One bar as it traded: prices NOT adjusted for later splits or dividends. */
export type RawBar = Omit<Bar, 'adjClose'>;

/** `numerator` new shares for `denominator` old ones, effective from the open of `date`. */
export interface SplitEvent {
  date: string;
  numerator: number;
  denominator: number;
}

/** Cash dividend per share as paid (not split-adjusted), ex-date `date`. */
export interface DividendEvent {
  date: string;
  amount: number;
}

/** What one chart() response holds, converted to raw (as traded) prices. */
export interface ChartSlice {
  symbol: string;
  currency: string;
  exchangeTimezone: string;
  bars: RawBar[];
  splits: SplitEvent[];
  dividends: DividendEvent[];
  /** Yahoo's adjusted close per bar (parallel to `bars`), kept only to cross-check our own. */
  yahooAdjClose: Array<number | null>;
  /** Rows Yahoo sent with a missing price (placeholder rows); skipped. */
  incompleteRows: number;
}

/**
 * Exchange-local calendar date of a Yahoo timestamp (daily bars are stamped at the session open
 * or local midnight). The exchange's time zone gets each date's own DST offset right; Yahoo's
 * `gmtoffset` (today's offset) is the fallback when the zone is unknown.
 */
function localDateOf(timeZone: string | undefined, gmtOffsetSeconds: number): (date: Date) => string {
  if (timeZone) {
    try {
      const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      return (date) => {
        const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
        return `${parts.year}-${parts.month}-${parts.day}`;
      };
    } catch {
      // Unknown zone name: fall through to the fixed offset.
    }
  }
  return (date) => utcMsToIso(date.getTime() + gmtOffsetSeconds * 1000);
}

/** Product of the split ratios strictly after `date`: how many of today's shares one share then became. */
export function splitFactorAfter(date: string, splits: readonly SplitEvent[]): number {
  let factor = 1;
  for (const split of splits) if (split.date > date) factor *= split.numerator / split.denominator;
  return factor;
}

/** For sorted events: keep one per date (joined requests can report the same event twice). */
function firstOfItsDate(event: { date: string }, index: number, events: ReadonlyArray<{ date: string }>): boolean {
  return index === 0 || events[index - 1].date !== event.date;
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * The results of consecutive requests of one download (Yahoo serves 1m bars 7 days per request)
 * as one: every quote, and every split and dividend any of them reported. The last one runs to
 * the present, so together they know every split since the first bar.
 */
export function joinChartResults(results: readonly ChartResultArray[]): ChartResultArray {
  if (results.length === 1) return results[0];
  const last = results[results.length - 1];
  return {
    ...last,
    quotes: results.flatMap((result) => result.quotes),
    events: {
      splits: results.flatMap((result) => result.events?.splits ?? []),
      dividends: results.flatMap((result) => result.events?.dividends ?? []),
    },
  };
}

/**
 * Turn a chart() result into raw bars. Yahoo serves OHLC, volume and dividend amounts already
 * adjusted for every split up to the time of the request; we undo that with the splits in the
 * same response (requests always run to the present, so the response knows every later split),
 * which makes cached rows independent of when they were fetched. Daily and coarser bars are
 * stamped with their exchange-local date, intraday bars (`intraday: true`) with their UTC start
 * time (bar.ts); split and dividend events keep exchange-local dates.
 */
export function parseChart(result: ChartResultArray, options: { intraday?: boolean } = {}): ChartSlice {
  const gmtOffset = typeof result.meta.gmtoffset === 'number' ? result.meta.gmtoffset : 0;
  const localDate = localDateOf(result.meta.exchangeTimezoneName, gmtOffset);
  const stampOf = options.intraday ? (date: Date) => utcMsToIntradayStamp(date.getTime()) : localDate;
  const splits: SplitEvent[] = (result.events?.splits ?? [])
    .filter((split) => split.numerator > 0 && split.denominator > 0)
    .map((split) => ({ date: localDate(split.date), numerator: split.numerator, denominator: split.denominator }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .filter(firstOfItsDate);
  const dividends: DividendEvent[] = (result.events?.dividends ?? [])
    .filter((dividend) => isPrice(dividend.amount) && dividend.amount > 0)
    .map((dividend) => {
      const date = localDate(dividend.date);
      return { date, amount: dividend.amount * splitFactorAfter(date, splits) };
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .filter(firstOfItsDate);

  // Keyed by stamp: Yahoo sometimes repeats the latest session with a live timestamp (and joined requests overlap).
  const byDate = new Map<string, { bar: RawBar; adjClose: number | null }>();
  let incompleteRows = 0;
  for (const quote of result.quotes) {
    const { open, high, low, close } = quote;
    if (!isPrice(open) || !isPrice(high) || !isPrice(low) || !isPrice(close)) {
      incompleteRows++;
      continue;
    }
    const date = stampOf(quote.date);
    // A split dated D is effective from D's open: lexically, a stamp on D is not before D.
    const factor = splitFactorAfter(date, splits);
    const volume = isPrice(quote.volume) ? quote.volume : 0;
    const adjClose = isPrice(quote.adjclose) ? quote.adjclose : null;
    byDate.set(date, {
      bar: { date, open: open * factor, high: high * factor, low: low * factor, close: close * factor, volume: volume / factor },
      adjClose,
    });
  }
  const rows = Array.from(byDate.values()).sort((a, b) => (a.bar.date < b.bar.date ? -1 : 1));
  return {
    symbol: result.meta.symbol,
    currency: result.meta.currency,
    exchangeTimezone: result.meta.exchangeTimezoneName,
    bars: rows.map((row) => row.bar),
    splits,
    dividends,
    yahooAdjClose: rows.map((row) => row.adjClose),
    incompleteRows,
  };
}
