// The hand-written CSV splitter this project used before papaparse (commit f00bab1), kept only as a baseline for bench/libraries.ts.
/** A parsed delimited text file: header cells and data rows, each with its 1-based line number. */
export interface CsvTable {
  header: string[];
  rows: Array<{ line: number; cells: string[] }>;
}

/** Split one line on the delimiter, honouring double quotes ("a,b" and "" escapes). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter).map((cell) => cell.trim());
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      cells.push(current.trim());
      current = '';
    } else current += char;
  }
  cells.push(current.trim());
  return cells;
}

/** Guess the delimiter from the header line: comma, semicolon or tab. */
export function detectDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, headerLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

/** Parse CSV text with a header row. Blank lines are skipped; a BOM is ignored. */
export function parseCsv(text: string): CsvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) return { header: [], rows: [] };
  const delimiter = detectDelimiter(lines[headerIndex]);
  const header = splitCsvLine(lines[headerIndex], delimiter);
  const rows: CsvTable['rows'] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    rows.push({ line: i + 1, cells: splitCsvLine(lines[i], delimiter) });
  }
  return { header, rows };
}
