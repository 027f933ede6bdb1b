import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCsvSeries } from '../../src/data/load-csv.ts';
import { parseBarDate } from '../../src/data/parse-date.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'wf-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const HEADER = 'Date,Open,High,Low,Close,Volume\n';

describe('loadCsvSeries reads every shipped format', () => {
  for (const file of readdirSync('data').filter((f) => f.endsWith('.csv'))) {
    it(file, () => {
      const series = loadCsvSeries(`data/${file}`);
      expect(series.bars.length).toBeGreaterThan(300);
      for (let i = 1; i < series.bars.length; i++) expect(series.bars[i].date > series.bars[i - 1].date).toBe(true);
    });
  }
  it('unnamed date column (GOOG.csv), values and symbol from the file name', () => {
    const series = loadCsvSeries('data/GOOG.csv');
    expect(series.symbol).toBe('GOOG');
    expect(series.bars[0]).toEqual({ date: '2004-08-19', open: 100, high: 104.06, low: 95.96, close: 100.34, volume: 22351900 });
  });
  it('lower-case headers with a Name column: symbol from the rows', () => {
    expect(loadCsvSeries('data/AAPL-2013-2018.csv').symbol).toBe('AAPL');
  });
  it('Adj Close in the middle or last', () => {
    expect(loadCsvSeries('data/ORCL-1995-2014.csv').bars[0].adjClose).toBe(1.883304);
    expect(loadCsvSeries('data/KO-1997-1998.csv').bars[0]).toMatchObject({ close: 51.875, adjClose: 16.206907, volume: 7161800 });
  });
  it('start/end filter is inclusive', () => {
    const series = loadCsvSeries('data/GOOG.csv', { start: '2005-01-03', end: '2005-01-07' });
    expect(series.bars.map((b) => b.date)).toEqual(['2005-01-03', '2005-01-04', '2005-01-05', '2005-01-06', '2005-01-07']);
  });
  it('no warnings on any shipped file', () => {
    for (const file of readdirSync('data').filter((f) => f.endsWith('.csv'))) {
      expect(loadCsvSeries(`data/${file}`).warnings, file).toBeUndefined();
    }
  });
  it('tab delimiter, blank lines before the header, a BOM', () => {
    const file = write('tab.csv', '\uFEFF\n\nDate\tOpen\tHigh\tLow\tClose\tVolume\n2020-01-02\t1\t2\t0.5\t1.5\t10\n\n2020-01-03\t1\t2\t0.5\t1.5\t10\n');
    expect(loadCsvSeries(file).bars.map((b) => b.date)).toEqual(['2020-01-02', '2020-01-03']);
  });
  it('semicolon delimiter, quoted cells, CRLF, other date formats', () => {
    const file = write('semi.csv', 'date;open;high;low;close;volume\r\n"01/02/2020";1;2;0.5;1.5;10\r\n01/03/2020;1.5;2;1;1.8;11\r\n');
    expect(loadCsvSeries(file).bars.map((b) => b.date)).toEqual(['2020-01-02', '2020-01-03']);
    expect(parseBarDate('20200131')).toBe('2020-01-31');
    expect(parseBarDate('2020-01-31 00:00:00')).toBe('2020-01-31');
    expect(parseBarDate('2020-02-30')).toBeNull();
    expect(parseBarDate('2020-02-29')).toBe('2020-02-29');
    expect(parseBarDate('2100-02-29')).toBeNull();
    expect(parseBarDate('2020-02-29T16:00:00Z')).toBe('2020-02-29');
    expect(parseBarDate('31.01.2020')).toBe('2020-01-31');
    expect(parseBarDate('31-Jan-2020')).toBe('2020-01-31');
  });
  it('a two-digit year is not read as a four-digit one (02-Jan-14 was the year 14)', () => {
    expect(parseBarDate('02-Jan-14')).toBe('2014-01-02');
    expect(parseBarDate('1/2/14')).toBeNull();
  });
  it('one file in one format: every row parsed the same whichever format came first', () => {
    const file = write('dmy.csv', HEADER + '02-Jan-14,1,2,0.5,1.5,10\n03-Jan-2014,1,2,0.5,1.5,10\n1/6/2014,1,2,0.5,1.5,10\n2014-01-07,1,2,0.5,1.5,10\n');
    expect(loadCsvSeries(file).bars.map((b) => b.date)).toEqual(['2014-01-02', '2014-01-03', '2014-01-06', '2014-01-07']);
  });
});

describe('quoted newlines: a record may span lines, errors still name the real line', () => {
  it('a quoted newline in a cell is part of the cell, not a new row', () => {
    const file = write('multi.csv', 'Date,Open,High,Low,Close,Volume,Name\n2020-01-02,1,2,0.5,1.5,10,"ACME\nInc"\n2020-01-03,1,2,0.5,1.5,10,"ACME\nInc"\n');
    const series = loadCsvSeries(file);
    expect(series.bars.map((b) => b.date)).toEqual(['2020-01-02', '2020-01-03']);
    expect(series.symbol).toBe('ACME\nInc');
  });
  it('an error after a two-line record names the line, not the record number', () => {
    // Record 3 (the second data row) starts on line 4: the quoted cell above spans lines 2-3.
    const text = 'Date,Open,High,Low,Close,Volume,Note\n2020-01-02,1,2,0.5,1.5,10,"split\nover two lines"\n2020-01-03,1,0.4,0.5,1.5,10,x\n';
    expect(() => loadCsvSeries(write('lf-lines.csv', text))).toThrow(/lf-lines\.csv:4: column High: high 0.4 < low 0.5/);
    // Same with CRLF line ends, inside the quotes too.
    expect(() => loadCsvSeries(write('crlf-lines.csv', text.replace(/\n/g, '\r\n')))).toThrow(/crlf-lines\.csv:4: column High/);
    // And with blank lines and a header that is not on line 1.
    const padded = '\n' + text.replace('x\n', 'x\n\n').replace('\n2020-01-02', '\n\n2020-01-02');
    expect(() => loadCsvSeries(write('padded-lines.csv', padded))).toThrow(/padded-lines\.csv:6: column High/);
  });
  it('an unterminated quote is an error naming the line where the record starts', () => {
    const file = write('openquote.csv', HEADER + '2020-01-02,1,2,0.5,1.5,10\n2020-01-03,"1,2,0.5,1.5,10\n2020-01-06,1,2,0.5,1.5,10\n');
    expect(() => loadCsvSeries(file)).toThrow(/openquote\.csv:3: quoted field unterminated/);
  });
  it('the missing-column error names the header\'s real line', () => {
    const file = write('nocol-late.csv', '\n\nDate,Open,High,Low,Volume\n2020-01-02,1,2,0.5,10\n');
    expect(() => loadCsvSeries(file)).toThrow(/nocol-late\.csv:3: missing column close/);
  });
});

describe('doubtful input: warnings naming file and line, the load goes on', () => {
  it('rows with more cells than the header', () => {
    const file = write('extra.csv', HEADER + '2020-01-02,1,2,0.5,1.5,10\n2020-01-03,1,2,0.5,1.5,10,7,8\n2020-01-06,1,2,0.5,1.5,10,7\n');
    const series = loadCsvSeries(file);
    expect(series.bars).toHaveLength(3);
    expect(series.warnings).toEqual([
      { code: 'extra-columns', message: `${file}:3: 8 cells but the header has 6 (and 1 more such rows); cells beyond the header are ignored` },
    ]);
  });
  it('a single bar, in the file or left by the date range', () => {
    const one = write('one.csv', HEADER + '2020-01-02,1,2,0.5,1.5,10\n');
    expect(loadCsvSeries(one).warnings).toEqual([
      { code: 'single-bar', message: `${one}:2: only one bar (2020-01-02); returns, drawdowns and trades need at least two` },
    ]);
    const ranged = loadCsvSeries('data/GOOG.csv', { start: '2005-01-03', end: '2005-01-03' });
    expect(ranged.warnings).toEqual([expect.objectContaining({ code: 'single-bar', message: expect.stringMatching(/^data\/GOOG\.csv:\d+: only one bar \(2005-01-03\)/) })]);
  });
  it('a multi-year gap between bars', () => {
    const rows = ['2010-01-04', '2010-01-05', '2010-01-06', '2013-06-03', '2013-06-04']
      .map((date) => `${date},1,2,0.5,1.5,10\n`)
      .join('');
    const file = write('gap.csv', HEADER + rows);
    const series = loadCsvSeries(file);
    expect(series.bars).toHaveLength(5);
    expect(series.warnings).toEqual([
      {
        code: 'long-gap',
        message: `${file}:5: 1244 days without bars between 2010-01-06 and 2013-06-03 (bars are usually 1 day apart); missing data?`,
      },
    ]);
  });
});

describe('validation errors name file, line and column', () => {
  it('missing file', () => {
    expect(() => loadCsvSeries(path.join(dir, 'nope.csv'))).toThrow(/nope\.csv: file not found/);
  });
  it('missing column', () => {
    const file = write('nocol.csv', 'Date,Open,High,Low,Volume\n2020-01-02,1,2,0.5,10\n');
    expect(() => loadCsvSeries(file)).toThrow(/nocol\.csv:1: missing column close/);
  });
  it('unsorted dates', () => {
    const file = write('unsorted.csv', HEADER + '2020-01-03,1,2,0.5,1.5,10\n2020-01-02,1,2,0.5,1.5,10\n');
    expect(() => loadCsvSeries(file)).toThrow(/unsorted\.csv:3: column Date: dates not sorted: 2020-01-02 after 2020-01-03/);
  });
  it('duplicate dates', () => {
    const file = write('dup.csv', HEADER + '2020-01-02,1,2,0.5,1.5,10\n2020-01-02,1,2,0.5,1.5,10\n');
    expect(() => loadCsvSeries(file)).toThrow(/dup\.csv:3: column Date: duplicate date/);
  });
  it('NaN price', () => {
    const file = write('nan.csv', HEADER + '2020-01-02,1,2,0.5,1.5,10\n2020-01-03,1,NaN,0.5,1.5,10\n');
    expect(() => loadCsvSeries(file)).toThrow(/nan\.csv:3: column High: high is not a number/);
  });
  it('non-positive price', () => {
    const file = write('zero.csv', HEADER + '2020-01-02,0,2,0.5,1.5,10\n');
    expect(() => loadCsvSeries(file)).toThrow(/zero\.csv:2: column Open: open must be > 0/);
  });
  it('high < low, and high below the close', () => {
    const low = write('hl.csv', HEADER + '2020-01-02,1,0.4,0.5,1.5,10\n');
    expect(() => loadCsvSeries(low)).toThrow(/hl\.csv:2: column High: high 0.4 < low 0.5/);
    const close = write('hc.csv', HEADER + '2020-01-02,1,1.2,0.5,1.5,10\n');
    expect(() => loadCsvSeries(close)).toThrow(/hc\.csv:2: column High: high 1.2 < max\(open 1, close 1.5\)/);
  });
  it('a bad date', () => {
    const file = write('baddate.csv', HEADER + 'yesterday,1,2,0.5,1.5,10\n');
    expect(() => loadCsvSeries(file)).toThrow(/baddate\.csv:2: column Date: not a date: "yesterday"/);
  });
  it('empty date range names the range the file covers', () => {
    expect(() => loadCsvSeries('data/GOOG.csv', { start: '2020-01-01' })).toThrow(
      /GOOG\.csv: no bars between 2020-01-01 and the end \(the file covers 2004-08-19 \.\. 2013-03-01\)/,
    );
  });
  it('onInvalidRow: drop removes bad rows and counts them', () => {
    const file = write('drop.csv', HEADER + '2020-01-02,1,2,0.5,1.5,10\n2020-01-03,1,NaN,0.5,1.5,10\n2020-01-02,1,2,0.5,1.5,10\nxx,1,2,0.5,1.5,1\n2020-01-06,1,2,0.5,1.5,10\n');
    const series = loadCsvSeries(file, { onInvalidRow: 'drop' });
    expect(series.bars.map((b) => b.date)).toEqual(['2020-01-02', '2020-01-06']);
    expect(series.droppedRows).toBe(3);
  });
});
