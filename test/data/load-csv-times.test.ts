import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { loadCsvSeries } from '../../src/data/load-csv.ts';
import { loadSeries } from '../../src/data/load-series.ts';
import { createBarTimeParser, parseBarDate } from '../../src/data/parse-date.ts';
import { createOffsetLookup, createWallClockToUtc } from '../../src/data/time-zone.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'wf-csv-times-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const PRICES = '1.1,1.2,1.0,1.15,100';
/** A CSV whose time column is named `column` and holds `times`, one bar each. */
function csv(name: string, column: string, times: string[]): string {
  return write(name, `${column},Open,High,Low,Close,Volume\n${times.map((t) => `${t},${PRICES}`).join('\n')}\n`);
}
const stamps = (file: string, options = {}) => loadCsvSeries(file, options).bars.map((bar) => bar.date);

describe('the CSV loader reads every timestamp format', () => {
  it('YYYY-MM-DD HH:MM:SS (the shipped hourly file): UTC stamps, one bar per hour', () => {
    const series = loadCsvSeries('data/EURUSD-2017-2018.csv');
    expect(series.bars).toHaveLength(5000);
    expect(series.bars[0]).toEqual({ date: '2017-04-19T09:00:00Z', open: 1.0716, high: 1.0722, low: 1.07083, close: 1.07219, volume: 1413 });
    expect(series.bars.at(-1)!.date).toBe('2018-02-07T15:00:00Z');
    // Nights and weekends are normal pauses: no long-gap warning on the whole file.
    expect(series.warnings).toBeUndefined();
  });

  it('YYYY-MM-DD HH:MM without seconds, and with T', () => {
    expect(stamps(csv('hm.csv', 'Datetime', ['2020-01-02 09:30', '2020-01-02 09:31', '2020-01-02T09:32']))).toEqual([
      '2020-01-02T09:30:00Z',
      '2020-01-02T09:31:00Z',
      '2020-01-02T09:32:00Z',
    ]);
  });

  it('ISO 8601 with Z or an offset (+HH:MM, -HHMM, +HH) and fractions of a second: the same UTC moments', () => {
    const file = csv('iso.csv', 'timestamp', [
      '2020-01-02T14:30:00Z',
      '2020-01-02T10:31:00-04:00',
      '2020-01-02T09:32:00-0500',
      '2020-01-02T15:33:00+01',
      '2020-01-02T14:34:00.250Z',
    ]);
    expect(stamps(file)).toEqual(['2020-01-02T14:30:00Z', '2020-01-02T14:31:00Z', '2020-01-02T14:32:00Z', '2020-01-02T14:33:00Z', '2020-01-02T14:34:00Z']);
  });

  it('unix seconds in a column named unix or epoch, milliseconds in one named unix_ms or timestamp_ms', () => {
    const seconds = [1577975400, 1577979000, 1577982600]; // 2020-01-02 14:30, 15:30, 16:30 UTC
    const expected = ['2020-01-02T14:30:00Z', '2020-01-02T15:30:00Z', '2020-01-02T16:30:00Z'];
    expect(stamps(csv('unix.csv', 'unix', seconds.map(String)))).toEqual(expected);
    expect(stamps(csv('epoch.csv', 'Epoch', seconds.map(String)))).toEqual(expected);
    expect(stamps(csv('unixms.csv', 'unix_ms', seconds.map((s) => String(s * 1000))))).toEqual(expected);
    expect(stamps(csv('tsms.csv', 'Timestamp MS', seconds.map((s) => String(s * 1000))))).toEqual(expected);
  });

  it('unix time of daily bars: dates, in the file zone', () => {
    // Midnight in New York is 05:00 UTC: with the zone these are the 2nd, 3rd and 6th of January.
    const newYorkMidnights = ['2020-01-02', '2020-01-03', '2020-01-06'].map((d) => String(Date.parse(`${d}T05:00:00Z`) / 1000));
    expect(stamps(csv('unixdaily.csv', 'unix', newYorkMidnights), { timeZone: 'America/New_York' })).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
  });

  it('bad cells name the file, line and column', () => {
    expect(() => loadCsvSeries(csv('badtime.csv', 'Date', ['2020-01-02 09:00', '2020-01-02 25:00']))).toThrow(/badtime\.csv:3: column Date: not a date: "2020-01-02 25:00"/);
    expect(() => loadCsvSeries(csv('badunix.csv', 'unix', ['1577975400', '15779x'])) ).toThrow(/badunix\.csv:3: column unix: not a unix time in seconds: "15779x"/);
    expect(() => loadCsvSeries(csv('badoffset.csv', 'Date', ['2020-01-02T09:00:00+5:00']))).toThrow(/badoffset\.csv:2: column Date: not a date/);
  });

  it('a repeated or backward time is an error naming the line', () => {
    expect(() => loadCsvSeries(csv('dup.csv', 'Date', ['2020-01-02 09:00', '2020-01-02 10:00', '2020-01-02 10:00']))).toThrow(/dup\.csv:4: column Date: duplicate date: 2020-01-02T10:00:00Z/);
    expect(() => loadCsvSeries(csv('back.csv', 'Date', ['2020-01-02 09:00', '2020-01-02 10:00', '2020-01-02 09:30']))).toThrow(/back\.csv:4: column Date: dates not sorted/);
  });

  it('start and end are dates: an end date keeps every bar of that day', () => {
    const times = ['2020-01-02 22:00', '2020-01-02 23:00', '2020-01-03 00:00', '2020-01-03 23:00', '2020-01-04 00:00'];
    expect(stamps(csv('range.csv', 'Date', times), { start: '2020-01-03', end: '2020-01-03' })).toEqual(['2020-01-03T00:00:00Z', '2020-01-03T23:00:00Z']);
  });
});

describe('time zones: naive times are read in data.timezone (default UTC)', () => {
  it('New York wall-clock times become UTC stamps, winter -5 h and summer -4 h', () => {
    const winter = csv('ny-winter.csv', 'Date', ['2020-01-02 09:30', '2020-01-02 10:30']);
    expect(stamps(winter, { timeZone: 'America/New_York' })).toEqual(['2020-01-02T14:30:00Z', '2020-01-02T15:30:00Z']);
    expect(stamps(winter)).toEqual(['2020-01-02T09:30:00Z', '2020-01-02T10:30:00Z']);
    const summer = csv('ny-summer.csv', 'Date', ['2020-07-01 09:30', '2020-07-01 10:30']);
    expect(stamps(summer, { timeZone: 'America/New_York' })).toEqual(['2020-07-01T13:30:00Z', '2020-07-01T14:30:00Z']);
  });

  it('an explicit Z or offset wins over the zone', () => {
    expect(stamps(csv('explicit.csv', 'Date', ['2020-01-02T09:30:00Z', '2020-01-02T10:30:00+00:00']), { timeZone: 'Asia/Tokyo' })).toEqual([
      '2020-01-02T09:30:00Z',
      '2020-01-02T10:30:00Z',
    ]);
  });

  it('across clock changes: the hours stay one hour apart in UTC', () => {
    // Europe/London goes from GMT to BST at 01:00 UTC on 2021-03-28: 00:00 GMT, then 02:00 BST.
    const file = csv('london.csv', 'Date', ['2021-03-27 23:00', '2021-03-28 00:00', '2021-03-28 02:00', '2021-03-28 03:00']);
    expect(stamps(file, { timeZone: 'Europe/London' })).toEqual(['2021-03-27T23:00:00Z', '2021-03-28T00:00:00Z', '2021-03-28T01:00:00Z', '2021-03-28T02:00:00Z']);
  });

  it('a skipped wall time reads with the offset before the change, a repeated one as its first occurrence', () => {
    const toUtc = createWallClockToUtc('America/New_York');
    // 2021-03-14 02:30 does not exist in New York (02:00 -> 03:00): read as 03:30 EDT = 07:30 UTC.
    expect(new Date(toUtc(Date.UTC(2021, 2, 14, 2, 30))).toISOString()).toBe('2021-03-14T07:30:00.000Z');
    expect(new Date(toUtc(Date.UTC(2021, 2, 14, 1, 30))).toISOString()).toBe('2021-03-14T06:30:00.000Z');
    expect(new Date(toUtc(Date.UTC(2021, 2, 14, 3, 30))).toISOString()).toBe('2021-03-14T07:30:00.000Z');
    // 2021-11-07 01:30 happens twice (EDT, then EST): the first, 05:30 UTC.
    expect(new Date(toUtc(Date.UTC(2021, 10, 7, 1, 30))).toISOString()).toBe('2021-11-07T05:30:00.000Z');
    expect(new Date(toUtc(Date.UTC(2021, 10, 7, 2, 30))).toISOString()).toBe('2021-11-07T07:30:00.000Z');
    expect(createOffsetLookup('Asia/Kolkata')(Date.UTC(2021, 0, 1))).toBe(5.5 * 3_600_000);
    expect(createOffsetLookup('UTC')(Date.UTC(2021, 0, 1))).toBe(0);
  });

  it('daily bars written with a time stay dates: midnight or the close, in their zone', () => {
    const midnights = csv('daily-midnight.csv', 'Date', ['2020-01-02 00:00:00', '2020-01-03 00:00:00', '2020-01-06 00:00:00']);
    expect(stamps(midnights)).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
    expect(stamps(midnights, { timeZone: 'Europe/Berlin' })).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
    // A 16:00 New York close is 21:00 UTC: that date in New York, the next one in Tokyo.
    const closes = csv('daily-close.csv', 'Date', ['2020-01-02T21:00:00Z', '2020-01-03T21:00:00Z', '2020-01-06T21:00:00Z']);
    expect(stamps(closes, { timeZone: 'America/New_York' })).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
    expect(stamps(closes, { timeZone: 'Asia/Tokyo' })).toEqual(['2020-01-03', '2020-01-04', '2020-01-07']);
  });

  it('the loaded series remembers its zone (the market days intraday bars are counted in)', () => {
    expect(loadCsvSeries(csv('zone.csv', 'Date', ['2020-01-02 09:30', '2020-01-02 09:31']), { timeZone: 'America/New_York' }).timeZone).toBe('America/New_York');
  });

  it("a config's data.timezone reaches the loader", async () => {
    const file = csv('config-zone.csv', 'Date', ['2020-01-02 09:30', '2020-01-02 09:31']);
    const text = `name: x\ndata: { source: csv, path: ${JSON.stringify(file)}, timezone: America/New_York }\nstrategies:\n  - { name: b, type: buy-and-hold }\n`;
    const loaded = parseConfig(text, path.join(dir, 'x.yaml'));
    const [series] = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir });
    expect(series.bars.map((bar) => bar.date)).toEqual(['2020-01-02T14:30:00Z', '2020-01-02T14:31:00Z']);
    expect(series.timeZone).toBe('America/New_York');
  });

  it('an unknown zone is a config error naming file, line and column', () => {
    const text = 'name: x\ndata:\n  source: csv\n  path: a.csv\n  timezone: Mars/Olympus\nstrategies:\n  - { name: b, type: buy-and-hold }\n';
    expect(() => parseConfig(text, 'x.yaml')).toThrow(/x\.yaml:5:\d+ data\.timezone: unknown time zone/);
    expect(parseConfig(text.replace('Mars/Olympus', 'Asia/Tokyo'), 'x.yaml').config.data).toMatchObject({ timezone: 'Asia/Tokyo' });
    expect(parseConfig(text.replace('  timezone: Mars/Olympus\n', ''), 'x.yaml').config.data).toMatchObject({ timezone: 'UTC' });
  });
});

describe('the time parser', () => {
  it('a date is a date, a time of day a moment; parseBarDate gives the date as written', () => {
    const parse = createBarTimeParser();
    expect(parse('2020-01-02')).toBe('2020-01-02');
    expect(parse('2020-01-02 09:30')).toBe(Date.UTC(2020, 0, 2, 9, 30));
    expect(parse('2020-01-02 24:00')).toBeNull();
    expect(parse('2020-02-30 09:30')).toBeNull();
    expect(parse('2020-01-02 9:30')).toBeNull();
    expect(parseBarDate('2020-01-02T23:30:00-05:00')).toBe('2020-01-02');
  });
});
