import { createRequire } from 'node:module';

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

/**
 * `YYYY-MM-DD` (optionally followed by a time of day) without a regex or a Date object: this is
 * every row of most files, a million times for minute-bar-sized files.
 */
function parseIsoDate(text: string): string | null | undefined {
  if (text.length < 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return undefined;
  if (text.length > 10 && text[10] !== ' ' && text[10] !== 'T') return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  if (year < 0 || month < 0 || day < 0) return undefined;
  if (!isRealDate(year, month, day)) return null;
  return text.length === 10 ? text : text.slice(0, 10);
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

/**
 * A date parser for one file: like `parseBarDate`, but it tries the format that worked last
 * first (a file keeps one format; date-fns' parse takes ~10 us a try). The formats do not
 * overlap, so the order never changes a result.
 */
export function createBarDateParser(): (cell: string) => string | null {
  let lastFormat: string | undefined;
  return (cell) => {
    const text = cell.trim();
    const iso = parseIsoDate(text);
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
 * Parse a bar's date cell into `YYYY-MM-DD`, or null when it is not a date. A time of day
 * (`2014-01-02 00:00:00`, `2014-01-02T00:00:00Z`) is dropped: bars here are daily or coarser.
 */
export function parseBarDate(cell: string): string | null {
  return createBarDateParser()(cell);
}
