import { isIntradayStamp, stampDate } from '../data/bar-time.ts';

const DAY_MS = 86_400_000;

function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function isWeekday(ms: number): boolean {
  const weekday = new Date(ms).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * Weekdays after `lastStamp`'s day up to and including `today` (YYYY-MM-DD): how many trading
 * days' bars could have arrived since (exchange holidays are not known, so they count).
 */
export function tradingDaysSince(lastStamp: string, today: string): number {
  let count = 0;
  for (let ms = dayMs(stampDate(lastStamp)) + DAY_MS; ms <= dayMs(today); ms += DAY_MS) if (isWeekday(ms)) count++;
  return count;
}

/**
 * The trading day a decision at the close of the last bar is filled on: the next weekday (the
 * next calendar day for a market that trades every day); for intraday bars, the last bar's day
 * (the next bar usually opens the same day or the next weekday's session).
 */
export function nextTradingDay(lastStamp: string, tradesEveryDay: boolean): string {
  let ms = dayMs(stampDate(lastStamp)) + DAY_MS;
  if (isIntradayStamp(lastStamp)) return `next bar after ${lastStamp}`;
  while (!tradesEveryDay && !isWeekday(ms)) ms += DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}
