import type { InputWarning } from '../core/warnings.ts';
import type { Bar } from './bar.ts';
import { isoToUtcMs } from './yahoo/calendar.ts';

const DAY_MS = 86_400_000;

/**
 * A gap between consecutive bars is "long" above this many calendar days, or above
 * `LONG_GAP_SPACINGS` times the usual spacing (the median), whichever is larger: a year and a
 * day for daily or weekly bars, about 20 months for monthly ones.
 */
export const LONG_GAP_MIN_DAYS = 366;
export const LONG_GAP_SPACINGS = 20;
/** Long gaps told one by one; beyond this, one more warning says how many others there are. */
const MAX_GAP_WARNINGS = 10;

/** Median of positive integers, by counting: O(n), no sort of a million-element copy. */
function medianOf(values: Int32Array): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const half = Math.floor(values.length / 2);
  let seen = 0;
  for (const value of Array.from(counts.keys()).sort((a, b) => a - b)) {
    seen += counts.get(value)!;
    if (seen > half) return value;
  }
  return NaN;
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

  const spacingDays = new Int32Array(bars.length - 1);
  let previousMs = isoToUtcMs(bars[0].date);
  for (let i = 1; i < bars.length; i++) {
    const ms = isoToUtcMs(bars[i].date);
    spacingDays[i - 1] = Math.round((ms - previousMs) / DAY_MS);
    previousMs = ms;
  }
  const usualDays = medianOf(spacingDays);
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
