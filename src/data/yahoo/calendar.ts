/** Small UTC calendar arithmetic on ISO `YYYY-MM-DD` dates (no time of day, no time zone). */
import type { YahooInterval } from './intervals.ts';

const DAY_MS = 86_400_000;

export type { YahooInterval };

export function isoToUtcMs(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

export function utcMsToIso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return utcMsToIso(isoToUtcMs(date) + days * DAY_MS);
}

/** Whole calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((isoToUtcMs(b) - isoToUtcMs(a)) / DAY_MS);
}

/** First day of the bar period that contains `date`: the day itself (daily and intraday bars), its Monday, or the 1st. */
export function periodStart(date: string, interval: YahooInterval): string {
  if (interval !== '1wk' && interval !== '1mo') return date;
  if (interval === '1mo') return `${date.slice(0, 8)}01`;
  const weekday = new Date(isoToUtcMs(date)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/**
 * Last date whose bars are surely complete at `now`: yesterday (UTC) for daily and intraday bars,
 * the end of last week or last month otherwise. Bars after it may still be trading and are never
 * cached (so an intraday cache holds whole UTC days).
 */
export function lastCompleteDate(now: Date, interval: YahooInterval): string {
  const today = utcMsToIso(now.getTime());
  return addDays(periodStart(today, interval), -1);
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
