import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YahooDataConfig } from '../../../src/config/schema.ts';
import { loadYahooSeries } from '../../../src/data/yahoo/load-yahoo.ts';
import { createFakeYahoo, loadChartFixture } from '../../fixtures/yahoo/fake-yahoo.ts';

let cacheDir: string;
beforeEach(() => {
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'wf-yahoo-warn-'));
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

function load(start: string, end: string) {
  const config: YahooDataConfig = { source: 'yahoo', symbol: 'ACME', start, end, interval: '1d', adjust: 'splits', onInvalidRow: 'error' };
  const fake = createFakeYahoo({ ACME: loadChartFixture('ACME-1d.json') });
  return loadYahooSeries(config, { fetch: fake.fetch, cacheDir, now: () => new Date('2020-02-10T12:00:00Z'), warn: () => {} });
}

describe('yahoo: doubtful input is told like the CSV loader tells it', () => {
  it('a range holding a single bar warns, naming the source, the cache file and the date', async () => {
    const [series] = await load('2020-01-02', '2020-01-02');
    expect(series.bars).toHaveLength(1);
    expect(series.warnings).toEqual([
      {
        code: 'single-bar',
        message: `yahoo:ACME 1d (${path.join(cacheDir, 'yahoo', 'ACME_1d.json')}) at 2020-01-02: only one bar (2020-01-02); returns, drawdowns and trades need at least two`,
      },
    ]);
  });
  it('an ordinary range has no warnings', async () => {
    const [series] = await load('2020-01-01', '2020-02-07');
    expect(series.warnings).toBeUndefined();
  });
});
