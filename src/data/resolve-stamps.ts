import { DAY_MS, utcMs, utcMsToDate, utcMsToIntradayStamp } from './bar-time.ts';
import { medianByCounting } from './median-count.ts';
import { createOffsetLookup, createWallClockToUtc } from './time-zone.ts';

/**
 * Bars usually (median) closer together than this are intraday. Daily bars are 24 h apart, 23 or
 * 25 h across a clock change when stamped at a wall-clock time; the longest intraday bars in use
 * (8 h, 12 h) are well below.
 */
export const INTRADAY_BELOW_MS = 18 * 3_600_000;

/**
 * Fill in `date` (bar.ts) of bars whose time cells held a time of day. `instants[i]` is bar i's
 * moment in UTC epoch ms, or NaN when its cell was a plain date (then `bars[i].date` holds it and
 * it stands for that day's midnight in `timeZone`). When the bars are usually less than 18 h apart
 * they are intraday and each gets its UTC stamp `YYYY-MM-DDTHH:MM:SSZ`; otherwise they are daily
 * (or coarser) bars stamped with a time, and each gets the calendar date its moment falls on in
 * `timeZone` (a close at 16:00 New York time is that day's bar, wherever it is in UTC).
 */
export function resolveBarStamps(bars: Array<{ date: string }>, instants: ArrayLike<number>, timeZone: string): void {
  const moments = new Float64Array(bars.length);
  const wallClockToUtc = createWallClockToUtc(timeZone);
  for (let i = 0; i < bars.length; i++) {
    const date = bars[i].date;
    moments[i] = Number.isNaN(instants[i])
      ? wallClockToUtc(utcMs(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))))
      : instants[i];
  }
  const spacings = new Float64Array(Math.max(0, bars.length - 1));
  for (let i = 1; i < bars.length; i++) spacings[i - 1] = moments[i] - moments[i - 1];
  const offsetAt = createOffsetLookup(timeZone);
  // One bar has no spacing: it is intraday when its time is not midnight where it trades.
  const intraday = bars.length > 1 ? medianByCounting(spacings) < INTRADAY_BELOW_MS : moments.some((ms) => (ms + offsetAt(ms)) % DAY_MS !== 0);
  if (intraday) {
    for (let i = 0; i < bars.length; i++) bars[i].date = utcMsToIntradayStamp(moments[i]);
    return;
  }
  for (let i = 0; i < bars.length; i++) bars[i].date = utcMsToDate(moments[i] + offsetAt(moments[i]));
}
