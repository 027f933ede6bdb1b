import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { toJson } from '../../src/core/json-text.ts';
import { silentProgress } from '../../src/core/progress.ts';
import { computeStatistics } from '../../src/metrics/statistics.ts';
import { renderReport } from '../../src/report/render-report.ts';
import { decodeResults, encodeResults } from '../../src/run/results-file.ts';
import { runBacktest } from '../../src/run/run-backtest.ts';
import { randomWalkBars } from '../helpers/bars.ts';

// Minute bars for a few years are millions of rows. Every stage must stay linear and must never
// spread a per-bar array into a call's arguments (that overflowed the stack from ~125k bars).
describe('a million bars through a rule strategy', () => {
  it('backtests, scores, reports and serialises without overflowing', async () => {
    const bars = randomWalkBars(1_000_000, 3, { startDate: '1900-01-01' });
    const loaded = parseConfig(
      'name: million\ndata: { source: csv, path: x.csv }\nbenchmark: buy-and-hold\nstrategies:\n  - { name: sma, type: sma-crossover, params: { fast: 10, slow: 30 } }\n',
      'million.yaml',
    );
    const results = await runBacktest(loaded, { symbol: 'X', source: 'generated', bars }, { progress: silentProgress });
    computeStatistics(results);
    const [sma, hold] = results.strategies;
    expect(results.evaluation).toMatchObject({ startBar: 30, endBar: 999_999 });
    expect(sma.equity).toHaveLength(999_970);
    expect(sma.metrics.trades).toBeGreaterThan(10_000);
    expect(Number.isFinite(sma.metrics.maxDrawdownPct) && Number.isFinite(hold.metrics.peakEquity)).toBe(true);
    expect(Number.isFinite(hold.statistics!.sharpeInterval.lower)).toBe(true);
    // Charts are bucketed to 3,000 points; the trades table (tens of thousands here) is most of the page.
    // results.json stores per-bar series as columns.
    expect(renderReport(results).length).toBeLessThan(10_000_000);
    const json = toJson(encodeResults(results));
    expect(json.length).toBeLessThan(300_000_000); // about 216 bytes a bar for two strategies
    expect(decodeResults(JSON.parse(json)).strategies[0].equity.at(-1)).toEqual(sma.equity.at(-1));
  }, 180_000);
});
