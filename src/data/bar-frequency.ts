import type { Bar } from './bar.ts';
import { DAY_MS, isIntradayStamp, stampToUtcMs } from './bar-time.ts';
import { medianByCounting } from './median-count.ts';
import { createOffsetLookup } from './time-zone.ts';

/** How often a series has bars, detected from its stamps, and the periods a year that follow. */
export interface BarFrequency {
  /** Median time between consecutive bars, in seconds. */
  medianSpacingSeconds: number;
  /** That spacing in Yahoo's words where one fits (`1m`, `5m`, `1h`, `1d`, `1wk`, `1mo`), else e.g. `90s`, `3d`. */
  label: string;
  /** Bars within a day (stamps with a time of day). */
  intraday: boolean;
  /** Bars in a usual trading day: the median over the days that have bars (1 for daily bars; null when coarser). */
  barsPerDay: number | null;
  /**
   * Trading days a year (null when coarser than daily): 365 for a market whose bars fall on
   * weekends too (crypto), else 252 (equities; the forex week). backtesting.py's rule: weekend
   * bars are more than 60% of the weekend's share of an every-day calendar (2/7).
   */
  tradingDaysPerYear: number | null;
  /** Bars a year: what annualised figures use unless the config sets `periodsPerYear`. */
  periodsPerYear: number;
  /** How `periodsPerYear` follows from the above, in words (results.json and the report state it). */
  rule: string;
}

export const EQUITY_TRADING_DAYS = 252;
export const CALENDAR_DAYS = 365;
const WEEKEND_SHARE = (2 / 7) * 0.6;
const DAYS_PER_YEAR = 365.25;
/** Bars usually closer than this are intraday (as src/data/resolve-stamps.ts decides stamps). */
const INTRADAY_BELOW_SECONDS = 18 * 3600;

function spacingLabel(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600 || seconds % 3600 !== 0) return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
  if (seconds < INTRADAY_BELOW_SECONDS) return `${seconds / 3600}h`;
  const days = Math.round(seconds / 86_400);
  if (days <= 4) return days === 1 ? '1d' : `${days}d`;
  if (days <= 8) return '1wk';
  if (days >= 28 && days <= 31) return '1mo';
  if (days >= 89 && days <= 92) return '3mo';
  if (days >= 365 && days <= 366) return '1y';
  return `${days}d`;
}

/**
 * Detect a series' frequency from its stamps (bar.ts): the median spacing; for intraday bars the
 * bars in a usual day (days in `timeZone`, the market's zone, default UTC); whether bars fall on
 * weekends. periodsPerYear is then 252 (or 365) for daily bars, 252 (or 365) x bars a day for
 * intraday bars (24 x 365 = 8760 for hourly bars around the clock), and 365.25 days over the
 * spacing, rounded, for coarser bars (52 weekly, 12 monthly). Pure and linear in the bars.
 */
export function detectBarFrequency(bars: ReadonlyArray<Pick<Bar, 'date'>>, options: { timeZone?: string } = {}): BarFrequency {
  if (bars.length < 2) {
    return {
      medianSpacingSeconds: NaN,
      label: 'unknown',
      intraday: bars.length === 1 && isIntradayStamp(bars[0].date),
      barsPerDay: null,
      tradingDaysPerYear: EQUITY_TRADING_DAYS,
      periodsPerYear: EQUITY_TRADING_DAYS,
      rule: `${EQUITY_TRADING_DAYS}: too few bars to tell the frequency, daily assumed`,
    };
  }
  const intradayStamps = isIntradayStamp(bars[0].date);
  // Dates are already the market's days; intraday stamps are UTC moments, counted in its zone.
  const offsetAt = intradayStamps ? createOffsetLookup(options.timeZone ?? 'UTC') : () => 0;
  const spacings = new Float64Array(bars.length - 1);
  const barsPerDay: number[] = [];
  let weekendBars = 0;
  let previousMs = NaN;
  let previousDay = NaN;
  for (let i = 0; i < bars.length; i++) {
    const ms = stampToUtcMs(bars[i].date);
    if (i > 0) spacings[i - 1] = Math.round((ms - previousMs) / 1000);
    previousMs = ms;
    const day = Math.floor((ms + offsetAt(ms)) / DAY_MS);
    const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    if (weekday === 0 || weekday === 6) weekendBars++;
    if (day === previousDay) barsPerDay[barsPerDay.length - 1]++;
    else barsPerDay.push(1);
    previousDay = day;
  }
  const medianSpacingSeconds = medianByCounting(spacings);
  const label = spacingLabel(medianSpacingSeconds);
  const everyDay = weekendBars / bars.length > WEEKEND_SHARE;
  const tradingDaysPerYear = everyDay ? CALENDAR_DAYS : EQUITY_TRADING_DAYS;
  const days = everyDay ? `${CALENDAR_DAYS} days a year (bars on weekends too)` : `${EQUITY_TRADING_DAYS} trading days a year`;
  const base = { medianSpacingSeconds, label };
  if (medianSpacingSeconds < INTRADAY_BELOW_SECONDS) {
    const perDay = medianByCounting(barsPerDay);
    return {
      ...base,
      intraday: true,
      barsPerDay: perDay,
      tradingDaysPerYear,
      periodsPerYear: tradingDaysPerYear * perDay,
      rule: `${days} x ${perDay} bars a day (${label} bars)`,
    };
  }
  if (label === '1d' || medianSpacingSeconds < 4.5 * 86_400) {
    return { ...base, intraday: false, barsPerDay: 1, tradingDaysPerYear, periodsPerYear: tradingDaysPerYear, rule: `${days} (daily bars)` };
  }
  const spacingDays = medianSpacingSeconds / 86_400;
  const periodsPerYear = Math.max(1, Math.round(DAYS_PER_YEAR / spacingDays));
  return {
    ...base,
    intraday: false,
    barsPerDay: null,
    tradingDaysPerYear: null,
    periodsPerYear,
    rule: `${DAYS_PER_YEAR} days a year / ${Number(spacingDays.toFixed(2))} days between bars, rounded (${label} bars)`,
  };
}
