import type { Bar } from '../bar.ts';
import type { DividendEvent, RawBar, SplitEvent } from './parse-chart.ts';

export type AdjustMode = 'none' | 'splits' | 'total';

/**
 * Bars of one date range from raw (as traded) rows, with `adjClose` = close adjusted for splits
 * and dividends, and OHLC rescaled by `mode`:
 * - `none`: prices as traded (jump at each split);
 * - `splits`: every price before a split divided by its ratio, volume multiplied (Yahoo's Close);
 * - `total`: split-adjusted prices times the dividend factor, so close = adjClose (total return).
 * Only splits and dividends inside the range count, so the numbers of a fixed range never depend
 * on later events or on when the data was fetched; the last bar is always at its traded price.
 */
export function adjustBars(
  raw: readonly RawBar[],
  splits: readonly SplitEvent[],
  dividends: readonly DividendEvent[],
  mode: AdjustMode,
): Bar[] {
  const n = raw.length;
  if (n === 0) return [];
  const first = raw[0].date;
  const last = raw[n - 1].date;
  const inRange = <T extends { date: string }>(event: T) => event.date > first && event.date <= last;
  const rangeSplits = splits.filter(inRange);
  const rangeDividends = dividends.filter(inRange);

  // splitFactor[i]: shares one share of bar i became by the last bar.
  const splitFactor = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let factor = 1;
    for (const split of rangeSplits) if (split.date > raw[i].date) factor *= split.numerator / split.denominator;
    splitFactor[i] = factor;
  }
  const splitFactorAtDate = (date: string) => {
    let factor = 1;
    for (const split of rangeSplits) if (split.date > date) factor *= split.numerator / split.denominator;
    return factor;
  };

  // Dividend factor (the CRSP/Yahoo rule): each ex-date multiplies every earlier bar by
  // 1 - dividend / previous close, both in split-adjusted terms.
  const dividendFactor = new Float64Array(n).fill(1);
  for (const dividend of rangeDividends) {
    let previous = -1;
    for (let i = 0; i < n && raw[i].date < dividend.date; i++) previous = i;
    if (previous < 0) continue;
    const previousClose = raw[previous].close / splitFactor[previous];
    const factor = 1 - dividend.amount / splitFactorAtDate(dividend.date) / previousClose;
    // A dividend as large as the price is a data error, not something to compound.
    if (!(factor > 0 && factor <= 1)) continue;
    for (let i = 0; i <= previous; i++) dividendFactor[i] *= factor;
  }

  return raw.map((bar, i) => {
    const splitAdjustedClose = bar.close / splitFactor[i];
    const adjClose = splitAdjustedClose * dividendFactor[i];
    const priceScale = mode === 'none' ? 1 : mode === 'splits' ? 1 / splitFactor[i] : dividendFactor[i] / splitFactor[i];
    return {
      date: bar.date,
      open: bar.open * priceScale,
      high: bar.high * priceScale,
      low: bar.low * priceScale,
      close: mode === 'total' ? adjClose : bar.close * priceScale,
      volume: mode === 'none' ? bar.volume : bar.volume * splitFactor[i],
      adjClose,
    };
  });
}
