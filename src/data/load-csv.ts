import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.ts';
import type { Bar, BarSeries } from './bar.ts';
import { parseCsv } from './parse-csv.ts';
import { parseBarDate } from './parse-date.ts';
import { dropInvalidBars, findBarProblems } from './validate-bars.ts';

export interface LoadCsvOptions {
  symbol?: string;
  /** Inclusive `YYYY-MM-DD` bounds. */
  start?: string;
  end?: string;
  onInvalidRow?: 'error' | 'drop';
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

function normalizeHeader(cell: string): string {
  return cell.toLowerCase().replace(/[\s_\-*"]/g, '');
}

/** Map each known column to its index in the header. */
function mapColumns(header: string[], file: string): Partial<Record<Column, number>> {
  const mapping: Partial<Record<Column, number>> = {};
  header.forEach((cell, index) => {
    const key = normalizeHeader(cell);
    for (const column of Object.keys(COLUMN_ALIASES) as Column[]) {
      if (mapping[column] === undefined && COLUMN_ALIASES[column].includes(key)) mapping[column] = index;
    }
  });
  // The unnamed first column of pandas exports holds the dates.
  if (mapping.date === undefined && header[0]?.trim() === '') mapping.date = 0;
  const missing = REQUIRED.filter((column) => mapping[column] === undefined);
  if (missing.length > 0) {
    throw new UserError(
      `${file}:1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header is: ${header.join(',')})`,
    );
  }
  return mapping;
}

function parseNumber(cell: string | undefined): number {
  if (cell === undefined) return NaN;
  const text = cell.trim();
  if (text === '' || /^(nan|null|na|n\/a|-)$/i.test(text)) return NaN;
  return Number(text);
}

/** Symbol from the file name: `data/AAPL-2013-2018.csv` -> `AAPL`. */
export function symbolFromFileName(file: string): string {
  return path.basename(file).split(/[-_.]/)[0].toUpperCase();
}

/**
 * Read daily bars from one CSV file in any of the shipped formats (see data/README.md) and
 * validate them. Errors name the file, line and column.
 */
export function loadCsvSeries(file: string, options: LoadCsvOptions = {}): BarSeries {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${file}: file not found` : `${file}: cannot read (${code ?? error})`);
  }
  const table = parseCsv(text);
  if (table.header.length === 0) throw new UserError(`${file}: file is empty`);
  const columns = mapColumns(table.header, file);
  const onInvalidRow = options.onInvalidRow ?? 'error';

  const bars: Bar[] = [];
  const lineOfBar: number[] = [];
  let droppedRows = 0;
  let symbolFromRows: string | undefined;
  for (const { line, cells } of table.rows) {
    const date = parseBarDate(cells[columns.date!] ?? '');
    if (date === null) {
      if (onInvalidRow === 'drop') {
        droppedRows++;
        continue;
      }
      throw new UserError(`${file}:${line}: column ${table.header[columns.date!] || 'date'}: not a date: "${cells[columns.date!] ?? ''}"`);
    }
    const bar: Bar = {
      date,
      open: parseNumber(cells[columns.open!]),
      high: parseNumber(cells[columns.high!]),
      low: parseNumber(cells[columns.low!]),
      close: parseNumber(cells[columns.close!]),
      volume: parseNumber(cells[columns.volume!]),
    };
    if (columns.adjClose !== undefined) bar.adjClose = parseNumber(cells[columns.adjClose]);
    if (columns.name !== undefined && symbolFromRows === undefined) symbolFromRows = cells[columns.name];
    bars.push(bar);
    lineOfBar.push(line);
  }

  let validBars = bars;
  if (onInvalidRow === 'drop') {
    const { bars: kept, dropped } = dropInvalidBars(bars);
    validBars = kept;
    droppedRows += dropped.length;
  } else {
    const [problem] = findBarProblems(bars);
    if (problem) {
      const headerName = table.header[columns[problem.column]!] || problem.column;
      throw new UserError(`${file}:${lineOfBar[problem.index]}: column ${headerName}: ${problem.message}`);
    }
  }

  const inRange = validBars.filter(
    (bar) => (!options.start || bar.date >= options.start) && (!options.end || bar.date <= options.end),
  );
  if (inRange.length === 0) {
    const covers = validBars.length > 0 ? `${validBars[0].date} .. ${validBars[validBars.length - 1].date}` : 'no valid rows';
    throw new UserError(
      `${file}: no bars between ${options.start ?? 'the start'} and ${options.end ?? 'the end'} (the file covers ${covers})`,
    );
  }
  return {
    symbol: options.symbol ?? symbolFromRows ?? symbolFromFileName(file),
    source: file,
    bars: inRange,
    droppedRows,
  };
}
