import type { InputWarning } from '../core/warnings.ts';

/** One daily (or weekly/monthly) OHLCV bar. Prices are in the instrument's currency. */
export interface Bar {
  /** ISO calendar date `YYYY-MM-DD` of the session (UTC, no time of day). */
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
}
