// Wall-clock times in a named IANA time zone <-> UTC, through Intl (no time-zone database of our own).

const MINUTE_MS = 60_000;
/** Offsets are looked up once per quarter hour of UTC time: every real zone changes offset on a quarter hour. */
const OFFSET_BUCKET_MS = 15 * MINUTE_MS;
const DAY_MS = 86_400_000;

/** True when `name` is a time zone Intl knows (`UTC`, `Europe/London`, `America/New_York`, ...). */
export function isValidTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** UTC and its aliases need no lookups at all (the default, and every minute of a million-row file). */
function isUtc(name: string): boolean {
  return /^(utc|etc\/utc|gmt|etc\/gmt|z|zulu|universal)$/i.test(name);
}

/**
 * `offsetAt(utcMs)`: how far the zone's wall clock is ahead of UTC at that moment, in ms
 * (New York in winter: -5 h). Cached per quarter hour, so a long intraday file costs one Intl
 * call per quarter hour it spans, not one per row.
 */
export function createOffsetLookup(timeZone: string): (utcMs: number) => number {
  if (isUtc(timeZone)) return () => 0;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    era: 'short',
  });
  const cache = new Map<number, number>();
  return (utcMs) => {
    const bucket = Math.floor(utcMs / OFFSET_BUCKET_MS);
    let offset = cache.get(bucket);
    if (offset === undefined) {
      const at = bucket * OFFSET_BUCKET_MS;
      const parts: Record<string, string> = {};
      for (const part of format.formatToParts(at)) parts[part.type] = part.value;
      const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
      const wall = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
      offset = wall - at;
      cache.set(bucket, offset);
    }
    return offset;
  };
}

/**
 * The moment a wall-clock time in the zone stands for, `wallMs` being that wall time written as if
 * it were UTC (`Date.UTC(y, m, d, h, mi, s)`). Clock changes resolve as JavaScript's Temporal
 * (`disambiguation: 'compatible'`) and pandas' `shift_forward` do: a time skipped when clocks go
 * forward (02:30 on the spring change in New York) is read with the offset before the change
 * (so as 03:30), and a time that happens twice when clocks go back takes the first, earlier one.
 */
export function createWallClockToUtc(timeZone: string): (wallMs: number) => number {
  if (isUtc(timeZone)) return (wallMs) => wallMs;
  const offsetAt = createOffsetLookup(timeZone);
  return (wallMs) => {
    // No zone changes its offset twice within two days: the offsets a day either side are the only candidates.
    const before = offsetAt(wallMs - DAY_MS);
    const after = offsetAt(wallMs + DAY_MS);
    if (before === after) return wallMs - before;
    const earlier = wallMs - Math.max(before, after);
    const later = wallMs - Math.min(before, after);
    const earlierFits = offsetAt(earlier) === Math.max(before, after);
    const laterFits = offsetAt(later) === Math.min(before, after);
    if (earlierFits) return earlier; // also the first of two when the wall time happens twice
    if (laterFits) return later;
    return wallMs - before; // skipped wall time: the offset before the change
  };
}
