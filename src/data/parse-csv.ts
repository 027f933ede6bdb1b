import Papa from 'papaparse';
import { UserError } from '../core/errors.ts';

/**
 * Called once per non-blank record, header first: its cells as written (not trimmed) and the
 * 1-based line the record starts on. A quoted cell may hold newlines, so a record can span lines.
 */
export type CsvRecordVisitor = (cells: string[], line: number) => void;

const LINE_FEED = '\n';

/** Guess the delimiter from the header line: comma, semicolon or tab. */
export function detectDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, headerLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

/** The first line with something on it, or '' when there is none. */
function firstNonBlankLine(text: string): string {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf(LINE_FEED, start);
    const line = text.slice(start, end < 0 ? text.length : end);
    if (line.trim() !== '') return line;
    if (end < 0) break;
    start = end + 1;
  }
  return '';
}

/**
 * Line numbers of increasing text offsets, counted as it goes, so numbering a whole file costs
 * one pass over it (indexOf of the line feeds), not a pass per record.
 */
function lineCounter(text: string): (offset: number) => number {
  let scannedTo = 0;
  let line = 1;
  return (offset) => {
    for (let next = text.indexOf(LINE_FEED, scannedTo); next >= 0 && next < offset; next = text.indexOf(LINE_FEED, next + 1)) {
      line++;
      scannedTo = next + 1;
    }
    return line;
  };
}

/**
 * Parse delimited text with a header row, record by record (nothing is kept, so a million-row
 * file costs no more memory than its text). Splitting and quoting (`"a,b"`, `""` escapes, newlines
 * inside quotes) are papaparse's; the delimiter is sniffed from the header line; a BOM is ignored;
 * blank lines are skipped; CRLF, LF and CR line ends are all accepted. An unterminated or
 * malformed quote is a `UserError` naming `source` and the line.
 */
export function parseCsv(text: string, source: string, visit: CsvRecordVisitor): void {
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // One line-end convention, so line numbers and quoted cells do not depend on it.
  if (body.includes('\r')) body = body.replace(/\r\n?/g, LINE_FEED);
  const delimiter = detectDelimiter(firstNonBlankLine(body));
  const lineAt = lineCounter(body);
  let recordStart = 0;
  Papa.parse<string[]>(body, {
    delimiter,
    newline: LINE_FEED,
    quoteChar: '"',
    skipEmptyLines: false,
    step: (result) => {
      const line = lineAt(recordStart);
      recordStart = result.meta.cursor;
      const [error] = result.errors;
      if (error) {
        // The record starts here; a quote opened inside it may run on to the end of the file.
        throw new UserError(`${source}:${line}: ${error.message.toLowerCase()} (check the quotes on this line)`);
      }
      const cells = result.data;
      if (cells.length === 1 && cells[0].trim() === '') return;
      visit(cells, line);
    },
  });
}
