import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { loadSeries } from '../../src/data/load-series.ts';
import { runSeries } from '../../src/run/run-multi-symbol.ts';
import { createFakeYahoo, loadChartFixture } from '../fixtures/yahoo/fake-yahoo.ts';
import { silentProgress } from '../../src/core/progress.ts';


/** BETA: ACME's chart at 3x the price, without the 2020-01-14 bar (a holiday on its exchange). */
function betaChart(): any {
  const chart = structuredClone(loadChartFixture('ACME-1d.json'));
  const result = chart.chart.result[0];
  result.meta.symbol = 'BETA';
  const drop = 8; // 2020-01-14
  result.timestamp.splice(drop, 1);
  const quote = result.indicators.quote[0];
  for (const key of Object.keys(quote)) {
    quote[key].splice(drop, 1);
    if (key !== 'volume') quote[key] = quote[key].map((v: number | null) => (v === null ? null : v * 3));
  }
  result.indicators.adjclose[0].adjclose.splice(drop, 1);
  for (const dividend of Object.values(result.events.dividends) as any[]) dividend.amount *= 3;
  return chart;
}

let cacheDir: string;
beforeEach(() => {
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'wf-yahoo-multi-'));
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('multi-symbol yahoo configs', () => {
  it('runs every strategy per symbol and reports an equal-weight total', async () => {
    const loaded = parseConfig(
      `
name: multi
data: { source: yahoo, symbols: [ACME, BETA], start: 2020-01-01, end: 2020-02-07, cacheDir: ${JSON.stringify(cacheDir)} }
broker: { cash: 10000, wholeShares: false }
benchmark: buy-and-hold
strategies:
  - { name: sma, type: sma-crossover, params: { fast: 2, slow: 5 } }
`,
      'inline.yaml',
    );
    const fake = createFakeYahoo({ ACME: loadChartFixture('ACME-1d.json'), BETA: betaChart() });
    const seriesList = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir, fetch: fake.fetch });
    expect(seriesList.map((s) => [s.symbol, s.bars.length])).toEqual([['ACME', 25], ['BETA', 24]]);

    const results = await runSeries(loaded, seriesList, { progress: silentProgress, now: () => 0 });
    expect(results.perSymbol!.map((run) => run.data.symbol)).toEqual(['ACME', 'BETA']);
    expect(results.data).toMatchObject({ symbol: 'equal-weight(ACME,BETA)', start: '2020-01-02', end: '2020-02-07', bars: 25 });
    expect(results.strategies.map((s) => s.name)).toEqual(['sma', 'buy-and-hold']);

    // One common window: sma(2, 5) decides from bar 5, so every symbol and the total start on one date.
    const windowStart = results.perSymbol![0].evaluation.start;
    expect(results.perSymbol!.map((run) => run.evaluation.start)).toEqual([windowStart, windowStart]);
    expect(results.evaluation.start).toBe(windowStart);
    for (const total of results.strategies) {
      const [acme, beta] = results.perSymbol!.map((run) => run.strategies.find((s) => s.name === total.name)!);
      expect(total.window.start).toBe(windowStart);
      expect(total.equity).toHaveLength(25 - results.evaluation.startBar);
      expect(total.equity[0].date).toBe(windowStart);
      expect(total.equity[0].equity).toBeCloseTo(10000, 9);
      // Equal weight: the mean of the sub-accounts; BETA holds its value on its missing day.
      const betaByDate = new Map(beta.equity.map((p) => [p.date, p.equity]));
      total.equity.forEach((point, i) => {
        const betaValue = betaByDate.get(point.date) ?? betaByDate.get(total.equity[i - 1].date)!;
        expect(point.equity).toBeCloseTo((acme.equity[i].equity + betaValue) / 2, 6);
      });
      expect(total.metrics.totalReturnPct).toBeCloseTo((acme.metrics.totalReturnPct + beta.metrics.totalReturnPct) / 2, 6);
      expect(total.trades.length).toBe(acme.trades.length + beta.trades.length);
    }
    // The total's bars are the equal-weight index (100 at the first close).
    expect(results.bars[0].close).toBeCloseTo(100, 9);
  });
});
