import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YahooDataConfig } from '../../../src/config/schema.ts';
import { UserError } from '../../../src/core/errors.ts';
import { loadYahooSeries, type LoadYahooOptions } from '../../../src/data/yahoo/load-yahoo.ts';
import { cacheFilePath, listCachedSeries, readCachedSeries, resolveCacheDir } from '../../../src/data/yahoo/yahoo-cache.ts';
import { createFakeYahoo, loadChartFixture } from '../../fixtures/yahoo/fake-yahoo.ts';

const ACME = loadChartFixture('ACME-1d.json');
const config = (overrides: Partial<YahooDataConfig> = {}): YahooDataConfig => ({
  source: 'yahoo',
  symbol: 'ACME',
  start: '2020-01-01',
  end: '2020-02-07',
  interval: '1d',
  adjust: 'splits',
  onInvalidRow: 'error',
  ...overrides,
});
const at = (iso: string) => () => new Date(iso);

let cacheDir: string;
let warnings: string[];
beforeEach(() => {
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'wf-yahoo-cache-'));
  warnings = [];
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

function options(fake: { fetch: typeof fetch }, now = '2020-02-10T12:00:00Z', extra: Partial<LoadYahooOptions> = {}): LoadYahooOptions {
  return { fetch: fake.fetch, cacheDir, now: at(now), warn: (m) => warnings.push(m), ...extra };
}

describe('yahoo cache', () => {
  it('a second run reads the cache and makes zero requests', async () => {
    const fake = createFakeYahoo({ ACME });
    const [first] = await loadYahooSeries(config(), options(fake));
    expect(fake.calls).toHaveLength(1);
    // Requests run to the present so the response carries every later split.
    expect(fake.calls[0]).toMatchObject({ symbol: 'ACME', from: '2020-01-01', to: '2020-02-10', interval: '1d' });
    const [second] = await loadYahooSeries(config(), options(fake));
    expect(fake.calls).toHaveLength(1);
    // The source names no fetch time or origin, so results of one config stay identical.
    expect(second.source).toBe('yahoo:ACME 1d adjust=splits');
    expect(first.source).toBe(second.source);
    expect(second.bars).toEqual(first.bars);
    // A sub-range of what is cached needs no request either.
    const [sub] = await loadYahooSeries(config({ start: '2020-01-13', end: '2020-01-24' }), options(fake));
    expect(fake.calls).toHaveLength(1);
    expect(sub.bars.map((b) => b.date)).toEqual(first.bars.map((b) => b.date).filter((d) => d >= '2020-01-13' && d <= '2020-01-24'));
    expect(warnings).toEqual([]);
  });

  it('a later run fetches only the missing days, and stays right across a split in between', async () => {
    const fake = createFakeYahoo({ ACME });
    // Run 1 on 2020-01-16: bars up to the 15th are complete; the split has not happened yet.
    await loadYahooSeries(config({ end: undefined }), options(fake, '2020-01-16T12:00:00Z'));
    const cached = readCachedSeries(cacheFilePath(cacheDir, 'ACME', '1d'));
    expect(cached.status).toBe('ok');
    if (cached.status !== 'ok') return;
    expect(cached.series.coveredTo).toBe('2020-01-15');
    expect(cached.series.splits).toEqual([]);
    expect(cached.series.rows.at(-1)![4]).toBeCloseTo(104, 10); // raw close on Jan 15

    // Run 2 on 2020-02-10 wants up to Feb 7: only from Jan 5 (10 days of overlap) is fetched.
    const [later] = await loadYahooSeries(config(), options(fake, '2020-02-10T12:00:00Z'));
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1].from).toBe('2020-01-05');
    expect(warnings).toEqual([]);

    // Same bars as one fresh download.
    const freshDir = mkdtempSync(path.join(os.tmpdir(), 'wf-yahoo-fresh-'));
    try {
      const [fresh] = await loadYahooSeries(config(), { ...options(fake, '2020-02-10T12:00:00Z'), cacheDir: freshDir });
      expect(later.bars).toHaveLength(25);
      later.bars.forEach((bar, i) => {
        expect(bar.date).toBe(fresh.bars[i].date);
        expect(bar.close).toBeCloseTo(fresh.bars[i].close, 9);
        expect(bar.adjClose!).toBeCloseTo(fresh.bars[i].adjClose!, 9);
      });
    } finally {
      rmSync(freshDir, { recursive: true, force: true });
    }
  });

  it('a corrupt cache file is reported and downloaded again, never used', async () => {
    const fake = createFakeYahoo({ ACME });
    const [good] = await loadYahooSeries(config(), options(fake));
    const file = cacheFilePath(cacheDir, 'ACME', '1d');

    // A changed number: still valid JSON, but the checksum no longer matches.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/("2020-01-03",)([\d.]+)/, '$1999'));
    expect(readCachedSeries(file)).toMatchObject({ status: 'corrupt', reason: 'checksum mismatch' });
    const [again] = await loadYahooSeries(config(), options(fake));
    expect(fake.calls).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/corrupt \(checksum mismatch\); downloading ACME 1d again/);
    expect(again.bars).toEqual(good.bars);
    expect(readCachedSeries(file).status).toBe('ok');

    // Half a file (a crash mid-write by something else): not valid JSON.
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 200));
    expect(readCachedSeries(file)).toMatchObject({ status: 'corrupt' });
    await loadYahooSeries(config(), options(fake));
    expect(fake.calls).toHaveLength(3);
    expect(warnings.join('\n')).toMatch(/not valid JSON/);
  });

  it('an overlap that disagrees with the cache (a Yahoo correction) triggers a full download', async () => {
    const fake = createFakeYahoo({ ACME });
    await loadYahooSeries(config({ end: undefined }), options(fake, '2020-01-16T12:00:00Z'));
    const corrected = structuredClone(ACME);
    corrected.chart.result[0].indicators.quote[0].close[7] *= 1.001; // 2020-01-13, inside the overlap
    const fake2 = createFakeYahoo({ ACME: corrected });
    await loadYahooSeries(config(), options(fake2, '2020-02-10T12:00:00Z'));
    expect(fake2.calls.map((c) => c.from)).toEqual(['2020-01-05', '2020-01-01']);
    expect(warnings.join('\n')).toMatch(/disagrees with Yahoo \(2020-01-13 close/);
  });

  it('--refresh downloads even when cached; --offline never does and fails on a missing range', async () => {
    const fake = createFakeYahoo({ ACME });
    await expect(loadYahooSeries(config(), options(fake, undefined, { offline: true }))).rejects.toThrow(
      /--offline: the cache \(.*ACME_1d\.json\) has no ACME 1d, but 2020-01-01\.\.2020-02-07 is needed/,
    );
    expect(fake.calls).toHaveLength(0);
    await loadYahooSeries(config(), options(fake));
    await loadYahooSeries(config(), options(fake, undefined, { refresh: true }));
    expect(fake.calls).toHaveLength(2);
    const [offline] = await loadYahooSeries(config(), options(fake, undefined, { offline: true }));
    expect(offline.bars).toHaveLength(25);
    await expect(loadYahooSeries(config({ start: '2019-06-01' }), options(fake, undefined, { offline: true }))).rejects.toBeInstanceOf(UserError);
    expect(fake.calls).toHaveLength(2);
  });

  it('writes atomically (no temp files left) and lists what it holds', async () => {
    const fake = createFakeYahoo({ ACME });
    await loadYahooSeries(config(), options(fake));
    expect(readdirSync(path.join(cacheDir, 'yahoo'))).toEqual(['ACME_1d.json']);
    const [entry] = listCachedSeries(cacheDir);
    expect(entry.read.status).toBe('ok');
    if (entry.read.status === 'ok') {
      expect(entry.read.series).toMatchObject({ symbol: 'ACME', interval: '1d', coveredFrom: '2020-01-01', coveredTo: '2020-02-09', fetchedAt: '2020-02-10T12:00:00.000Z' });
      expect(entry.read.series.rows).toHaveLength(25);
    }
    writeFileSync(path.join(cacheDir, 'yahoo', 'BROKEN_1d.json'), '{"checksum":"sha256:00","body":{}}');
    expect(listCachedSeries(cacheDir).map((e) => [path.basename(e.file), e.read.status])).toEqual([
      ['ACME_1d.json', 'ok'],
      ['BROKEN_1d.json', 'corrupt'],
    ]);
  });

  it('loads several symbols, one series each, and names the symbol Yahoo does not know', async () => {
    const other = structuredClone(ACME);
    other.chart.result[0].meta.symbol = 'BETA';
    const fake = createFakeYahoo({ ACME, BETA: other });
    const series = await loadYahooSeries(config({ symbol: undefined, symbols: ['acme', 'BETA'] }), options(fake));
    expect(series.map((s) => s.symbol)).toEqual(['ACME', 'BETA']);
    expect(existsSync(cacheFilePath(cacheDir, 'BETA', '1d'))).toBe(true);
    await expect(loadYahooSeries(config({ symbol: 'NOPE' }), options(fake))).rejects.toThrow(/no data for symbol "NOPE"/);
  });

  it('cache directory: explicit, then $WALKFORWARD_CACHE_DIR, then the config, then ~/.cache/walkforward', () => {
    expect(resolveCacheDir('/a', '/c', { WALKFORWARD_CACHE_DIR: '/b' })).toBe('/a');
    expect(resolveCacheDir(undefined, '/c', { WALKFORWARD_CACHE_DIR: '/b' })).toBe('/b');
    expect(resolveCacheDir(undefined, '/c', {})).toBe('/c');
    expect(resolveCacheDir(undefined, undefined, {})).toBe(path.join(os.homedir(), '.cache', 'walkforward'));
    expect(path.basename(cacheFilePath('/x', '^gspc', '1wk'))).toBe('%5EGSPC_1wk.json');
  });
});
