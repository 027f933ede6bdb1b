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
  it('semicolon delimiter, quoted cells, CRLF, other date formats', () => {
    const file = write('semi.csv', 'date;open;high;low;close;volume\r\n"01/02/2020";1;2;0.5;1.5;10\r\n01/03/2020;1.5;2;1;1.8;11\r\n');
    expect(loadCsvSeries(file).bars.map((b) => b.date)).toEqual(['2020-01-02', '2020-01-03']);
    expect(parseBarDate('20200131')).toBe('2020-01-31');
    expect(parseBarDate('2020-01-31 00:00:00')).toBe('2020-01-31');
    expect(parseBarDate('2020-02-30')).toBeNull();
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
