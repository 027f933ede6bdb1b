import { isValid, parse } from 'date-fns';

// Formats seen in exported price files, tried in order after plain ISO.
const FALLBACK_FORMATS = ['yyyyMMdd', 'M/d/yyyy', 'd.M.yyyy', 'yyyy/MM/dd', 'dd-MMM-yyyy', 'd-MMM-yy'];
const REFERENCE_DATE = new Date(2000, 0, 1);

/**
 * Parse a bar's date cell into `YYYY-MM-DD`, or null when it is not a date. A time of day
 * (`2014-01-02 00:00:00`, `2014-01-02T00:00:00Z`) is dropped: bars here are daily or coarser.
 */
export function parseBarDate(cell: string): string | null {
  const text = cell.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$/.exec(text);
  if (iso) {
    const [, year, month, day] = iso;
    return isRealDate(+year, +month, +day) ? `${year}-${month}-${day}` : null;
  }
  for (const format of FALLBACK_FORMATS) {
    const parsed = parse(text, format, REFERENCE_DATE);
    if (isValid(parsed)) {
      const y = parsed.getFullYear();
      const m = parsed.getMonth() + 1;
      const d = parsed.getDate();
      return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    }
  }
  return null;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
