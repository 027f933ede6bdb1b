import { createRequire } from 'node:module';
import { utcMs } from './bar-time.ts';
import { createWallClockToUtc } from './time-zone.ts';

// date-fns' parse is ~80 modules (about 50 ms of start-up) and only non-ISO dates need it: it is
// required on first use. (Its package index would load all ~300 of date-fns' modules.)
const requireHere = createRequire(import.meta.url);
let fallbackParser: { parse: typeof import('date-fns/parse').parse; isValid: typeof import('date-fns/isValid').isValid } | undefined;
function dateFns() {
  fallbackParser ??= { parse: requireHere('date-fns/parse').parse, isValid: requireHere('date-fns/isValid').isValid };
  return fallbackParser;
}

// Formats seen in exported price files, tried in order after plain ISO. A `yyyy` format takes
// only a four-digit year: date-fns would read `1/2/14` as the year 14 and never reach `d-MMM-yy`.
const FALLBACK_FORMATS = ['yyyyMMdd', 'M/d/yyyy', 'd.M.yyyy', 'yyyy/MM/dd', 'dd-MMM-yyyy', 'd-MMM-yy'];
const FOUR_DIGIT_YEAR = /\d{4}/;
const REFERENCE_DATE = new Date(2000, 0, 1);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ZERO = 48;
const NINE = 57;
const DASH = 45;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** Digits at text[from..to) as a number, or -1 if any is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < ZERO || code > NINE) return -1;
    value = value * 10 + (code - ZERO);
  }
  return value;
}

const SPACE = 32;
const T = 84;
const COLON = 58;
const DOT = 46;
const PLUS = 43;
const Z = 90;

/**
 * `YYYY-MM-DD` alone: the date (a string). With a time of day, `YYYY-MM-DD HH:MM[:SS[.fff]]` or
 * the same with `T`, and optionally `Z` or an offset `+HH:MM` / `+HHMM` / `+HH`: the moment (UTC
 * epoch ms; a time without an offset is wall-clock time in the file's zone). Read without a regex
 * or a Date object: this is every row of most files, a million times for a minute-bar file.
 * undefined: not this format; null: this format but no such date or time.
 */
function parseIso(text: string, wallClockToUtc: (wallMs: number) => number): string | number | null | undefined {
  if (text.length < 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  if (year < 0 || month < 0 || day < 0) return undefined;
  if (text.length === 10) return isRealDate(year, month, day) ? text : null;
  const separator = text.charCodeAt(10);
  if ((separator !== SPACE && separator !== T) || text.length < 16 || text.charCodeAt(13) !== COLON) return undefined;
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  if (hour < 0 || minute < 0) return undefined;
  let at = 16;
  let second = 0;
  let millisecond = 0;
  if (text.charCodeAt(at) === COLON) {
    second = digitsAt(text, at + 1, at + 3);
    if (second < 0 || text.length < at + 3) return undefined;
    at += 3;
    if (text.charCodeAt(at) === DOT) {
      let end = at + 1;
      while (end < text.length && text.charCodeAt(end) >= ZERO && text.charCodeAt(end) <= NINE) end++;
      if (end === at + 1) return undefined;
      millisecond = Math.floor(Number(`0.${text.slice(at + 1, end)}`) * 1000);
      at = end;
    }
  }
  let offsetMs: number | undefined;
  if (at < text.length) {
    const sign = text.charCodeAt(at);
    if (sign === Z && at + 1 === text.length) offsetMs = 0;
    else if (sign === PLUS || sign === DASH) {
      const rest = text.slice(at + 1);
      const match = /^(\d{2})(?::?(\d{2}))?$/.exec(rest);
      if (!match) return undefined;
      offsetMs = (Number(match[1]) * 60 + Number(match[2] ?? 0)) * 60_000 * (sign === PLUS ? 1 : -1);
    } else return undefined;
  }
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const wallMs = utcMs(year, month, day, hour, minute, second, millisecond);
  return offsetMs === undefined ? wallClockToUtc(wallMs) : wallMs - offsetMs;
}

function parseWithFormat(text: string, format: string): string | null {
  if (format.includes('yyyy') && !FOUR_DIGIT_YEAR.test(text)) return null;
  const { parse, isValid } = dateFns();
  const parsed = parse(text, format, REFERENCE_DATE);
  if (!isValid(parsed)) return null;
  const y = parsed.getFullYear();
  const m = parsed.getMonth() + 1;
  const d = parsed.getDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface BarTimeOptions {
  /** IANA time zone that times without `Z` or an offset are wall-clock times of (default UTC). */
  timeZone?: string;
}

/**
 * A parser for one file's time cells: a calendar date `YYYY-MM-DD` (a string) for a cell without
 * a time of day, the moment in UTC epoch ms (a number) for one with it, or null when the cell is
 * neither. Other date formats (see FALLBACK_FORMATS) are dates only. It tries the format that
 * worked last first (a file keeps one format; date-fns' parse takes ~10 us a try); the formats do
 * not overlap, so the order never changes a result.
 */
export function createBarTimeParser(options: BarTimeOptions = {}): (cell: string) => string | number | null {
  const wallClockToUtc = createWallClockToUtc(options.timeZone ?? 'UTC');
  let lastFormat: string | undefined;
  return (cell) => {
    const text = cell.trim();
    const iso = parseIso(text, wallClockToUtc);
    if (iso !== undefined) return iso;
    if (lastFormat !== undefined) {
      const date = parseWithFormat(text, lastFormat);
      if (date !== null) return date;
    }
    for (const format of FALLBACK_FORMATS) {
      if (format === lastFormat) continue;
      const date = parseWithFormat(text, format);
      if (date !== null) {
        lastFormat = format;
        return date;
      }
    }
    return null;
  };
}

/**
 * A cell of a unix-time column (named `unix`, `epoch`, ... for seconds, `unix_ms`, `epoch_ms`, ...
 * for milliseconds; see load-csv.ts) as UTC epoch ms, or null when it is not a number.
 */
export function parseUnixTime(cell: string, unit: 's' | 'ms'): number | null {
  const text = cell.trim();
  if (text === '' || !/^-?\d+(\.\d+)?$/.test(text)) return null;
  const value = Number(text);
  return unit === 's' ? Math.round(value * 1000) : Math.round(value);
}

/**
 * The calendar date a cell is written with (`2014-01-02 09:30:00-05:00` -> `2014-01-02`), or null
 * when it is not a date.
 */
export function parseBarDate(cell: string): string | null {
  const parsed = createBarTimeParser()(cell);
  return typeof parsed === 'number' ? cell.trim().slice(0, 10) : parsed;
}
