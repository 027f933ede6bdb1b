import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { silentProgress } from '../../src/core/progress.ts';
import { loadCsvSeries } from '../../src/data/load-csv.ts';
import { buildChartPayload } from '../../src/report/chart-payload.ts';
import { monthlyReturns } from '../../src/report/monthly-returns.ts';
import { runBacktest } from '../../src/run/run-backtest.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'wf-minutes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** New York regular-session minute bars (390 a weekday, wall-clock times, no offset) from 2010-01-04. */
function minuteCsv(rows: number): string {
  const lines = ['Datetime,Open,High,Low,Close,Volume'];
  const day = new Date(Date.UTC(2010, 0, 4));
  const two = (n: number) => String(n).padStart(2, '0');
  let close = 100;
  while (lines.length <= rows) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) {
      const date = day.toISOString().slice(0, 10);
      for (let minute = 0; minute < 390 && lines.length <= rows; minute++) {
        const open = close;
        close = Math.round((close + Math.sin(lines.length * 0.37) * 0.05 + (100 - close) * 0.001) * 100) / 100;
        const wall = 570 + minute;
        lines.push(`${date} ${two(Math.floor(wall / 60))}:${two(wall % 60)}:00,${open},${Math.max(open, close) + 0.01},${Math.min(open, close) - 0.01},${close},100`);
      }
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return `${lines.join('\n')}\n`;
}

// A year of minute bars is 100k+ rows; ten years a million. The file is read, stamped in UTC from
// New York wall time, its frequency detected, and a rule strategy run over all of it.
describe('a million-row minute file through a rule strategy', () => {
  it('loads, detects 390 bars a session (98280 a year) and backtests', async () => {
    const file = path.join(dir, 'minutes.csv');
    writeFileSync(file, minuteCsv(1_000_000));
    const series = loadCsvSeries(file, { timeZone: 'America/New_York', symbol: 'MIN' });
    expect(series.bars).toHaveLength(1_000_000);
    expect(series.bars[0].date).toBe('2010-01-04T14:30:00Z');
    // Summer time: 09:30 New York is 13:30 UTC.
    expect(series.bars.find((bar) => bar.date.startsWith('2010-07-01'))!.date).toBe('2010-07-01T13:30:00Z');
    expect(series.warnings).toBeUndefined();
    const loaded = parseConfig(
      'name: minutes\ndata: { source: csv, path: x.csv }\nbenchmark: buy-and-hold\nstrategies:\n  - { name: sma, type: sma-crossover, params: { fast: 10, slow: 30 } }\n',
      'minutes.yaml',
    );
    const results = await runBacktest(loaded, series, { progress: silentProgress });
    expect(results.data.frequency).toMatchObject({ label: '1m', barsPerDay: 390, periodsPerYear: 98_280 });
    expect(results.conventions.periodsPerYear).toBe(98_280);
    const [sma, hold] = results.strategies;
    expect(sma.metrics.trades).toBeGreaterThan(1_000);
    expect(Number.isFinite(sma.metrics.sharpe) && Number.isFinite(hold.metrics.volatilityPct)).toBe(true);
    expect(hold.metrics.durationDays).toBeCloseTo((Date.parse(results.evaluation.end) - Date.parse(results.evaluation.start)) / 86_400_000, 9);
    expect(hold.metrics.durationDays).toBeGreaterThan(3500);
    expect(monthlyReturns(hold.equity).years).toHaveLength(10);
    const payload = buildChartPayload(results);
    expect(payload.intraday).toBe(true);
    expect(payload.dates.length).toBeLessThanOrEqual(3000);
  }, 240_000);
});
