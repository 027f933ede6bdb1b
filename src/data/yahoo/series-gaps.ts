import { daysBetween, type YahooInterval } from './calendar.ts';

/**
 * Calendar days between consecutive bars above which a stretch counts as missing data rather
 * than weekends and holidays (a 3-day weekend plus a holiday is 4 days for daily bars).
 */
export const GAP_THRESHOLD_DAYS: Record<YahooInterval, number> = { '1d': 4, '1wk': 11, '1mo': 45 };

export interface DateGap {
  /** Last bar before the gap and first bar after it. */
  after: string;
  before: string;
  days: number;
}

/** Holes in a sorted date list longer than `maxDays` calendar days. */
export function findGaps(dates: readonly string[], maxDays: number): DateGap[] {
  const gaps: DateGap[] = [];
  for (let i = 1; i < dates.length; i++) {
    const days = daysBetween(dates[i - 1], dates[i]);
    if (days > maxDays) gaps.push({ after: dates[i - 1], before: dates[i], days });
  }
  return gaps;
}
