import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YahooDataConfig } from '../../../src/config/schema.ts';
import { UserError } from '../../../src/core/errors.ts';
import { detectBarFrequency } from '../../../src/data/bar-frequency.ts';
import { earliestServedDate, requestSpans } from '../../../src/data/yahoo/intervals.ts';
import { loadYahooSeries, type LoadYahooOptions } from '../../../src/data/yahoo/load-yahoo.ts';
import { createFakeYahoo } from '../../fixtures/yahoo/fake-yahoo.ts';
import { intradayChart } from '../../fixtures/yahoo/intraday-chart.ts';

let cacheDir: string;
beforeEach(() => {
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'wf-yahoo-intraday-'));
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

const config = (overrides: Partial<YahooDataConfig>): YahooDataConfig => ({
  source: 'yahoo',
  symbol: 'ACME',
  start: '2020-01-06',
  end: '2020-01-31',
  interval: '1h',
  adjust: 'splits',
  onInvalidRow: 'error',
  ...overrides,
});
const options = (fake: { fetch: typeof fetch }, now: string): LoadYahooOptions => ({ fetch: fake.fetch, cacheDir, now: () => new Date(now), warn: () => {} });

describe('yahoo intraday intervals', () => {
  it('1h bars: UTC stamps, the exchange zone kept, 7 a New York session, cached as whole UTC days', async () => {
    const fake = createFakeYahoo({ ACME: intradayChart('2020-01-06', 25, 60) });
    const [series] = await loadYahooSeries(config({}), options(fake, '2020-02-10T12:00:00Z'));
    expect(fake.calls).toEqual([{ symbol: 'ACME', from: '2020-01-06', to: '2020-02-10', interval: '1h' }]);
    expect(series.source).toBe('yahoo:ACME 1h adjust=splits');
    expect(series.timeZone).toBe('America/New_York');
    expect(series.bars.slice(0, 8).map((bar) => bar.date)).toEqual([
      '2020-01-06T14:30:00Z', '2020-01-06T15:30:00Z', '2020-01-06T16:30:00Z', '2020-01-06T17:30:00Z',
      '2020-01-06T18:30:00Z', '2020-01-06T19:30:00Z', '2020-01-06T20:30:00Z', '2020-01-07T14:30:00Z',
    ]);
    // The end date keeps its whole day.
    expect(series.bars.at(-1)!.date).toBe('2020-01-31T20:30:00Z');
    expect(detectBarFrequency(series.bars, { timeZone: series.timeZone })).toMatchObject({ label: '1h', barsPerDay: 7, periodsPerYear: 1764 });
    expect(series.warnings).toBeUndefined();
    // A second run is served by the cache.
    const [again] = await loadYahooSeries(config({}), options(fake, '2020-02-10T12:00:00Z'));
    expect(fake.calls).toHaveLength(1);
    expect(again.bars).toEqual(series.bars);
  });

  it('a range further back than Yahoo serves the interval: one clear error, no request', async () => {
    const fake = createFakeYahoo({ ACME: intradayChart('2020-01-06', 25, 5) });
    const load = loadYahooSeries(config({ interval: '5m' }), options(fake, '2020-06-01T12:00:00Z'));
    await expect(load).rejects.toThrow(UserError);
    await expect(load).rejects.toThrow(
      'ACME 5m: Yahoo Finance serves 5m bars for the last 60 days only, so it cannot download from 2020-01-06: ' +
        'start on 2020-04-03 or later (data.start, or fetch --from), a longer interval (1h (730 days) or 1d (decades)), or a CSV file',
    );
    expect(fake.calls).toEqual([]);
    await expect(loadYahooSeries(config({ interval: '1h' }), options(fake, '2022-06-01T12:00:00Z'))).rejects.toThrow(/serves 1h bars for the last 730 days only/);
    expect(earliestServedDate('1m', new Date('2020-02-10T12:00:00Z'))).toBe('2020-01-12');
    expect(earliestServedDate('1d', new Date('2020-02-10T12:00:00Z'))).toBeUndefined();
  });

  it('1m bars come 7 days a request; the pieces join without duplicates', async () => {
    const fake = createFakeYahoo({ ACME: intradayChart('2020-01-13', 20, 1) });
    const [series] = await loadYahooSeries(config({ interval: '1m', start: '2020-01-13', end: '2020-01-31' }), options(fake, '2020-02-03T12:00:00Z'));
    expect(fake.calls.map((call) => [call.from, call.to])).toEqual([
      ['2020-01-13', '2020-01-20'],
      ['2020-01-20', '2020-01-27'],
      ['2020-01-27', '2020-02-03'],
      ['2020-02-03', '2020-02-03'], // the last half day, up to the moment of the request
    ]);
    expect(series.bars).toHaveLength(15 * 390);
    for (let i = 1; i < series.bars.length; i++) expect(series.bars[i].date > series.bars[i - 1].date).toBe(true);
    expect(requestSpans('1d', new Date('2020-01-01'), new Date('2021-01-01'))).toHaveLength(1);
  });
});
