import type { InputWarning } from '../core/warnings.ts';

/** One OHLCV bar of any frequency. Prices are in the instrument's currency. */
export interface Bar {
  /**
   * When the bar is, as an ISO 8601 string (src/data/bar-time.ts reads it):
   * - daily and coarser bars: the calendar date `YYYY-MM-DD` of the session (no time of day);
   * - intraday bars: the bar's start time in UTC, `YYYY-MM-DDTHH:MM:SSZ` (whole seconds).
   * One series uses one form. Both sort lexically in time order, so date comparisons work on
   * either, and a date bound compares with an intraday stamp as "that day" (bar-time.ts's
   * isOnOrBefore for inclusive ends). The name stays `date` for both.
   */
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Close adjusted for splits and dividends, when the source provides it. */
  adjClose?: number;
}

/** Bars of one instrument, oldest first, with where they came from. */
export interface BarSeries {
  symbol: string;
  /** Human-readable origin, e.g. `data/GOOG.csv` or `yahoo:AAPL 1d (cache)`. */
  source: string;
  bars: Bar[];
  /** Rows dropped by validation when `data.onInvalidRow: drop`. */
  droppedRows?: number;
  /** Doubtful input found while loading (the bars were still usable). */
  warnings?: InputWarning[];
  /**
   * IANA time zone whose calendar days are the market's days (the CSV's `timezone:`, the
   * exchange's for Yahoo): intraday bars are counted per day in it (bar-frequency.ts). UTC when absent.
   */
  timeZone?: string;
}
