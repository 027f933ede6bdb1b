import { daysBetween, type YahooInterval } from './calendar.ts';

/**
 * Calendar days between consecutive bars above which a stretch counts as missing data rather
 * than weekends and holidays (a 3-day weekend plus a holiday is 4 days for daily bars; intraday
 * bars count the calendar days between their dates, nights being normal).
 */
export function gapThresholdDays(interval: YahooInterval): number {
  return interval === '1wk' ? 11 : interval === '1mo' ? 45 : 4;
}

export interface DateGap {
  /** Last bar before the gap and first bar after it. */
  after: string;
  before: string;
  days: number;
}

/** Holes in a sorted list of dates (or intraday stamps, by their dates) longer than `maxDays` calendar days. */
export function findGaps(dates: readonly string[], maxDays: number): DateGap[] {
  const gaps: DateGap[] = [];
  for (let i = 1; i < dates.length; i++) {
    const days = daysBetween(dates[i - 1], dates[i]);
    if (days > maxDays) gaps.push({ after: dates[i - 1], before: dates[i], days });
  }
  return gaps;
}
