import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.ts';
import type { Bar, BarSeries } from './bar.ts';
import { doubtfulBarWarnings } from './doubtful-bars.ts';
import { parseCsv, type CsvRecordVisitor } from './parse-csv.ts';
import { createBarTimeParser, parseUnixTime } from './parse-date.ts';
import { isOnOrBefore } from './bar-time.ts';
import { resolveBarStamps } from './resolve-stamps.ts';
import { dropInvalidBars, findBarProblems } from './validate-bars.ts';

export interface LoadCsvOptions {
  symbol?: string;
  /** Inclusive `YYYY-MM-DD` bounds (an end date keeps every bar of that day). */
  start?: string;
  end?: string;
  onInvalidRow?: 'error' | 'drop';
  /** IANA time zone of times written without `Z` or an offset (default UTC); see parse-date.ts. */
  timeZone?: string;
}

type Column = 'date' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'adjClose' | 'name';

// Header spellings per column, compared lower-cased with spaces, dashes and underscores removed.
const COLUMN_ALIASES: Record<Column, string[]> = {
  date: ['', 'date', 'datetime', 'time', 'timestamp', 'day', 'unnamed:0'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c', 'last'],
  volume: ['volume', 'vol', 'v'],
  adjClose: ['adjclose', 'adjustedclose'],
  name: ['name', 'symbol', 'ticker'],
};
const REQUIRED: Column[] = ['date', 'open', 'high', 'low', 'close', 'volume'];
/** Time columns holding unix time, by unit: the column's name says which (normalised as above). */
const UNIX_TIME_ALIASES: Record<'s' | 'ms', string[]> = {
  s: ['unix', 'unixtime', 'unixtimestamp', 'unixs', 'unixsec', 'unixseconds', 'epoch', 'epochs', 'epochsec', 'epochseconds'],
  ms: ['unixms', 'unixmillis', 'unixmilliseconds', 'unixtimems', 'epochms', 'epochmillis', 'epochmilliseconds', 'timestampms'],
};

function normalizeHeader(cell: string): string {
  return cell.toLowerCase().replace(/[\s_\-*"]/g, '');
}

/**
 * Where each column is: a column index per field of a Bar (the required ones always, adjClose when
 * present), the optional symbol column, and how the time column is written: text (dates, ISO
 * times), or unix seconds or milliseconds.
 */
type ColumnIndex = Record<Exclude<keyof Bar, 'adjClose'>, number> & {
  adjClose?: number;
  name?: number;
  timeUnit: 'text' | 's' | 'ms';
};

/** Map each known column to its index in the header (on `line` of `file`). */
function mapColumns(header: string[], file: string, line: number): ColumnIndex {
  const mapping: Partial<Record<Column, number>> = {};
  let timeUnit: ColumnIndex['timeUnit'] = 'text';
  header.forEach((cell, index) => {
    const key = normalizeHeader(cell);
    for (const column of Object.keys(COLUMN_ALIASES) as Column[]) {
      if (mapping[column] === undefined && COLUMN_ALIASES[column].includes(key)) mapping[column] = index;
    }
    if (mapping.date === undefined) {
      if (UNIX_TIME_ALIASES.s.includes(key)) [mapping.date, timeUnit] = [index, 's'];
      else if (UNIX_TIME_ALIASES.ms.includes(key)) [mapping.date, timeUnit] = [index, 'ms'];
    }
  });
  // The unnamed first column of pandas exports holds the dates.
  if (mapping.date === undefined && header[0] === '') mapping.date = 0;
  const { date, open, high, low, close, volume, adjClose, name } = mapping;
  if (date === undefined || open === undefined || high === undefined || low === undefined || close === undefined || volume === undefined) {
    const missing = REQUIRED.filter((column) => mapping[column] === undefined);
    throw new UserError(
      `${file}:${line}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header is: ${header.join(',')})`,
    );
  }
  return { date, open, high, low, close, volume, adjClose, name, timeUnit };
}

/** A price or volume cell; empty, `NaN`, `null`, `N/A`, `-` and the like are NaN (Number() says so). */
function parseNumber(cell: string | undefined): number {
  if (cell === undefined || cell.trim() === '') return NaN;
  return Number(cell);
}

/** Symbol from the file name: `data/AAPL-2013-2018.csv` -> `AAPL`. */
export function symbolFromFileName(file: string): string {
  return path.basename(file).split(/[-_.]/)[0].toUpperCase();
}

/** Rows with more cells than the header: how many, and the first one. */
interface ExtraCells {
  rows: number;
  firstLine: number;
  firstCount: number;
}

/**
 * Read bars of any frequency from one CSV file in any of the shipped formats (see data/README.md)
 * and validate them. Times of day make intraday bars stamped in UTC (bar.ts); dates stay dates.
 * Errors name the file, line and column; doubtful input (rows with extra cells, a single bar, a
 * long gap between bars) becomes `warnings`, each naming the file and line. Rows become bars as
 * they are parsed, so a million-row file holds only its text, its bars and one number per bar.
 */
export function loadCsvSeries(file: string, options: LoadCsvOptions = {}): BarSeries {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${file}: file not found` : `${file}: cannot read (${code ?? error})`);
  }
  const onInvalidRow = options.onInvalidRow ?? 'error';

  let header: string[] = [];
  let columns: ColumnIndex | undefined;
  const bars: Bar[] = [];
  const lineOfBar: number[] = [];
  const extraCells: ExtraCells = { rows: 0, firstLine: 0, firstCount: 0 };
  let droppedRows = 0;
  let symbolFromRows: string | undefined;
  const timeZone = options.timeZone ?? 'UTC';
  const parseTime = createBarTimeParser({ timeZone });
  // Moment of each bar whose cell had a time of day (UTC epoch ms), NaN for a plain date.
  const instants: number[] = [];
  let hasTimes = false;

  /** The row visitor, made once the header is known (column indices are constants then). */
  const rowReader = (at: ColumnIndex): CsvRecordVisitor => (cells, line) => {
    if (cells.length > header.length) {
      if (extraCells.rows === 0) {
        extraCells.firstLine = line;
        extraCells.firstCount = cells.length;
      }
      extraCells.rows++;
    }
    const cell = cells[at.date] ?? '';
    const time = at.timeUnit === 'text' ? parseTime(cell) : parseUnixTime(cell, at.timeUnit);
    if (time === null) {
      if (onInvalidRow === 'drop') {
        droppedRows++;
        return;
      }
      const problem =
        at.timeUnit === 'text'
          ? `not a date: "${cell}" (expected a date such as 2020-01-02 or a time such as 2020-01-02 09:30:00 or 2020-01-02T09:30:00Z)`
          : `not a unix time in ${at.timeUnit === 's' ? 'seconds' : 'milliseconds'}: "${cell}"`;
      throw new UserError(`${file}:${line}: column ${header[at.date] || 'date'}: ${problem}`);
    }
    // A moment's stamp waits for every row: whether the file is intraday depends on its spacing.
    const date = typeof time === 'string' ? time : '';
    if (typeof time === 'number') hasTimes = true;
    instants.push(typeof time === 'number' ? time : NaN);
    const open = parseNumber(cells[at.open]);
    const high = parseNumber(cells[at.high]);
    const low = parseNumber(cells[at.low]);
    const close = parseNumber(cells[at.close]);
    const volume = parseNumber(cells[at.volume]);
    // One object shape per file (adjClose set at creation or never), which keeps property reads fast.
    bars.push(
      at.adjClose === undefined
        ? { date, open, high, low, close, volume }
        : { date, open, high, low, close, volume, adjClose: parseNumber(cells[at.adjClose]) },
    );
    lineOfBar.push(line);
    if (at.name !== undefined && symbolFromRows === undefined) symbolFromRows = cells[at.name]?.trim();
  };
  let readRow: CsvRecordVisitor | undefined;
  parseCsv(text, file, (cells, line) => {
    if (readRow) return readRow(cells, line);
    header = cells.map((cell) => cell.trim());
    columns = mapColumns(header, file, line);
    readRow = rowReader(columns);
  });
  if (columns === undefined) throw new UserError(`${file}: file is empty`);
  if (hasTimes) resolveBarStamps(bars, instants, timeZone);

  let validBars = bars;
  let validLines = lineOfBar;
  if (onInvalidRow === 'drop') {
    const { bars: kept, dropped } = dropInvalidBars(bars);
    validBars = kept;
    validLines = withoutIndices(lineOfBar, dropped);
    droppedRows += dropped.length;
  } else {
    const [problem] = findBarProblems(bars);
    if (problem) {
      const headerName = header[columns[problem.column]] || problem.column;
      throw new UserError(`${file}:${lineOfBar[problem.index]}: column ${headerName}: ${problem.message}`);
    }
  }

  let inRange = validBars;
  let lineInRange = validLines;
  if (options.start || options.end) {
    inRange = [];
    lineInRange = [];
    for (let index = 0; index < validBars.length; index++) {
      const bar = validBars[index];
      if ((options.start && bar.date < options.start) || (options.end && !isOnOrBefore(bar.date, options.end))) continue;
      inRange.push(bar);
      lineInRange.push(validLines[index]);
    }
  }
  if (inRange.length === 0) {
    const covers = validBars.length > 0 ? `${validBars[0].date} .. ${validBars[validBars.length - 1].date}` : 'no valid rows';
    throw new UserError(
      `${file}: no bars between ${options.start ?? 'the start'} and ${options.end ?? 'the end'} (the file covers ${covers})`,
    );
  }

  const warnings = doubtfulBarWarnings(inRange, (index) => `${file}:${lineInRange[index]}`);
  if (extraCells.rows > 0) {
    warnings.unshift({
      code: 'extra-columns',
      message:
        `${file}:${extraCells.firstLine}: ${extraCells.firstCount} cells but the header has ${header.length}` +
        `${extraCells.rows > 1 ? ` (and ${extraCells.rows - 1} more such rows)` : ''}; cells beyond the header are ignored`,
    });
  }
  const series: BarSeries = {
    symbol: options.symbol ?? symbolFromRows ?? symbolFromFileName(file),
    source: file,
    bars: inRange,
    droppedRows,
    timeZone,
  };
  if (warnings.length > 0) series.warnings = warnings;
  return series;
}

/** `values` without the entries at `indices` (ascending). */
function withoutIndices<T>(values: readonly T[], indices: readonly number[]): T[] {
  const kept: T[] = [];
  let next = 0;
  values.forEach((value, index) => {
    if (next < indices.length && indices[next] === index) next++;
    else kept.push(value);
  });
  return kept;
}
