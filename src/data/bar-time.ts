// A bar's `date` (see bar.ts) as a moment: `YYYY-MM-DD` for daily and coarser bars, or
// `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds) for intraday bars. Both sort lexically in time order.

export const DAY_MS = 86_400_000;
const DIGIT_ZERO = 48;

function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (text.charCodeAt(i) - DIGIT_ZERO);
  return value;
}

/** UTC epoch ms of a wall time given as numbers (month 1-12); years 0-99 are not read as 19xx. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  const value = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  return year >= 0 && year < 100 ? new Date(value).setUTCFullYear(year) : value;
}

/** True for an intraday stamp (it has a time of day), false for a calendar date. */
export function isIntradayStamp(stamp: string): boolean {
  return stamp.length > 10;
}

/** UTC epoch ms of a bar stamp; a date stands for its midnight UTC. */
export function stampToUtcMs(stamp: string): number {
  const day = utcMs(digits(stamp, 0, 4), digits(stamp, 5, 7), digits(stamp, 8, 10));
  if (stamp.length <= 10) return day;
  return day + digits(stamp, 11, 13) * 3_600_000 + digits(stamp, 14, 16) * 60_000 + digits(stamp, 17, 19) * 1000;
}

/** The calendar date `YYYY-MM-DD` of UTC epoch ms. */
export function utcMsToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The intraday stamp `YYYY-MM-DDTHH:MM:SSZ` of UTC epoch ms (below a second dropped). */
export function utcMsToIntradayStamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The (UTC) calendar date a stamp falls on. */
export function stampDate(stamp: string): string {
  return stamp.slice(0, 10);
}

/**
 * Whether a stamp is on or before an inclusive bound that may be a date: every bar of the bound's
 * day counts (`2020-01-02T15:00:00Z` is on or before `2020-01-02`), so a config's `end: 2020-01-02`
 * keeps the whole day for intraday bars, exactly as it keeps that day's bar for daily ones.
 */
export function isOnOrBefore(stamp: string, bound: string): boolean {
  return stamp <= bound || stamp.startsWith(bound);
}

/** Calendar time from one stamp to another in days (fractional for intraday stamps). */
export function daysBetweenStamps(from: string, to: string): number {
  return (stampToUtcMs(to) - stampToUtcMs(from)) / DAY_MS;
}
