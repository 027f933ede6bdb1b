import type { InputWarning } from '../core/warnings.ts';
import type { Bar } from './bar.ts';
import { DAY_MS, isIntradayStamp, stampToUtcMs } from './bar-time.ts';
import { medianByCounting } from './median-count.ts';

/**
 * A gap between consecutive bars is "long" above `LONG_GAP_SPACINGS` times the usual spacing (the
 * median), and never below a floor: a year and a day for daily and coarser bars (about 20 months
 * for monthly ones), so only a hole of years warns there; 4 days for intraday bars, whose nights,
 * weekends and a holiday next to a weekend (Friday close to Tuesday open) are normal pauses, while
 * a longer silence is a hole in the data.
 */
export const LONG_GAP_MIN_DAYS = 366;
export const LONG_GAP_MIN_DAYS_INTRADAY = 4;
export const LONG_GAP_SPACINGS = 20;
/** Long gaps told one by one; beyond this, one more warning says how many others there are. */
const MAX_GAP_WARNINGS = 10;

/** A duration in the unit that reads best: `45 minutes`, `1 hour`, `3.5 days`. */
function describeSpan(ms: number): string {
  const [value, unit] = ms < 3_600_000 ? [ms / 60_000, 'minute'] : ms < DAY_MS ? [ms / 3_600_000, 'hour'] : [ms / DAY_MS, 'day'];
  const rounded = Number(value.toFixed(1));
  return `${rounded} ${unit}${rounded === 1 ? '' : 's'}`;
}

/**
 * Warnings for bars that load but look doubtful: a single bar (nothing can be measured over
 * it) and gaps much longer than the series' usual spacing (a multi-year hole in daily data).
 * `placeOf(i)` names where bar i came from, e.g. `data/x.csv:418`; bars are sorted and valid.
 */
export function doubtfulBarWarnings(bars: readonly Bar[], placeOf: (index: number) => string): InputWarning[] {
  const warnings: InputWarning[] = [];
  if (bars.length === 1) {
    warnings.push({
      code: 'single-bar',
      message: `${placeOf(0)}: only one bar (${bars[0].date}); returns, drawdowns and trades need at least two`,
    });
  }
  if (bars.length < 3) return warnings;

  if (isIntradayStamp(bars[0].date)) {
    intradayGapWarnings(bars, placeOf, warnings);
    return warnings;
  }
  const spacingDays = new Int32Array(bars.length - 1);
  let previousMs = stampToUtcMs(bars[0].date);
  for (let i = 1; i < bars.length; i++) {
    const ms = stampToUtcMs(bars[i].date);
    spacingDays[i - 1] = Math.round((ms - previousMs) / DAY_MS);
    previousMs = ms;
  }
  const usualDays = medianByCounting(spacingDays);
  const longDays = Math.max(LONG_GAP_MIN_DAYS, LONG_GAP_SPACINGS * usualDays);
  let longGaps = 0;
  for (let i = 1; i < bars.length; i++) {
    const days = spacingDays[i - 1];
    if (days <= longDays) continue;
    longGaps++;
    if (longGaps <= MAX_GAP_WARNINGS) {
      warnings.push({
        code: 'long-gap',
        message:
          `${placeOf(i)}: ${days} days without bars between ${bars[i - 1].date} and ${bars[i].date} ` +
          `(bars are usually ${usualDays} day${usualDays === 1 ? '' : 's'} apart); missing data?`,
      });
    }
  }
  if (longGaps > MAX_GAP_WARNINGS) {
    warnings.push({
      code: 'long-gap',
      message: `${placeOf(0)}: ${longGaps - MAX_GAP_WARNINGS} more gaps longer than ${longDays} days`,
    });
  }
  return warnings;
}

/** The long-gap warnings of intraday bars (stamps with a time of day), in milliseconds. */
function intradayGapWarnings(bars: readonly Bar[], placeOf: (index: number) => string, warnings: InputWarning[]): void {
  const spacings = new Float64Array(bars.length - 1);
  let previousMs = stampToUtcMs(bars[0].date);
  for (let i = 1; i < bars.length; i++) {
    const ms = stampToUtcMs(bars[i].date);
    spacings[i - 1] = ms - previousMs;
    previousMs = ms;
  }
  const usual = medianByCounting(spacings);
  const long = Math.max(LONG_GAP_MIN_DAYS_INTRADAY * DAY_MS, LONG_GAP_SPACINGS * usual);
  let longGaps = 0;
  for (let i = 1; i < bars.length; i++) {
    if (spacings[i - 1] <= long) continue;
    longGaps++;
    if (longGaps <= MAX_GAP_WARNINGS) {
      warnings.push({
        code: 'long-gap',
        message:
          `${placeOf(i)}: ${describeSpan(spacings[i - 1])} without bars between ${bars[i - 1].date} and ${bars[i].date} ` +
          `(bars are usually ${describeSpan(usual)} apart; nights, weekends and a holiday are normal pauses); missing data?`,
      });
    }
  }
  if (longGaps > MAX_GAP_WARNINGS) {
    warnings.push({ code: 'long-gap', message: `${placeOf(0)}: ${longGaps - MAX_GAP_WARNINGS} more gaps longer than ${describeSpan(long)}` });
  }
}
