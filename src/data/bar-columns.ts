import type { Bar } from './bar.ts';

/**
 * Bars by column (results.json and the sweep queue's bars payload store them so): a million
 * bars repeat no keys. A price stored as JSON null (a NaN) reads back as NaN.
 */
export interface BarColumns {
  date: string[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

export function barsToColumns(bars: readonly Bar[]): BarColumns {
  return {
    date: bars.map((b) => b.date),
    open: bars.map((b) => b.open),
    high: bars.map((b) => b.high),
    low: bars.map((b) => b.low),
    close: bars.map((b) => b.close),
    volume: bars.map((b) => b.volume),
  };
}

/** Numbers read back from JSON, which stores a NaN as null. */
export const numbersFromJson = (values: ReadonlyArray<number | null>): number[] => values.map((v) => (v === null ? NaN : v));

export function barsFromColumns(columns: BarColumns): Bar[] {
  const open = numbersFromJson(columns.open);
  const high = numbersFromJson(columns.high);
  const low = numbersFromJson(columns.low);
  const close = numbersFromJson(columns.close);
  const volume = numbersFromJson(columns.volume);
  return columns.date.map((date, i) => ({ date, open: open[i], high: high[i], low: low[i], close: close[i], volume: volume[i] }));
}
