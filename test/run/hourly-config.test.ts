import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { toJson } from '../../src/core/json-text.ts';
import { silentProgress } from '../../src/core/progress.ts';
import { loadSeries } from '../../src/data/load-series.ts';
import { computeStatistics, equityReturns } from '../../src/metrics/statistics.ts';
import { annualizedGeometricSharpe } from '../../src/metrics/risk-ratios.ts';
import { buildChartPayload } from '../../src/report/chart-payload.ts';
import { monthlyReturns } from '../../src/report/monthly-returns.ts';
import { renderReport } from '../../src/report/render-report.ts';
import { resolveEvaluation } from '../../src/run/evaluation-window.ts';
import { decodeResults, encodeResults } from '../../src/run/results-file.ts';
import { runSeries } from '../../src/run/run-multi-symbol.ts';

const ISO_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

// The shipped hourly file through the shipped config, as `walkforward backtest` runs it: a rule
// strategy and a small LSTM trained walk-forward, naive and buy & hold, statistics, report, file.
describe('configs/eurusd-hourly.yaml end to end', () => {
  it('runs on hourly bars with 252 x 24 periods a year, UTC timestamps everywhere, times on the charts', async () => {
    const loaded = await loadConfig('configs/eurusd-hourly.yaml');
    const seriesList = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir });
    const results = await runSeries(loaded, seriesList, { progress: silentProgress });
    computeStatistics(results);

    expect(results.data.frequency).toMatchObject({ label: '1h', intraday: true, barsPerDay: 24, periodsPerYear: 6048 });
    expect(results.conventions).toMatchObject({ periodsPerYear: 6048, periodsPerYearRule: 'from the data: 252 trading days a year x 24 bars a day (1h bars)' });
    expect(results.data).toMatchObject({ symbol: 'EURUSD', bars: 5000, start: '2017-04-19T09:00:00Z', end: '2018-02-07T15:00:00Z' });
    expect(results.warnings).toEqual([]);
    // The LSTM's first out-of-sample forecast (bar 2001 of the rolling 2000-bar folds) opens the window for all.
    expect(results.evaluation.start).toMatch(ISO_STAMP);
    expect(results.evaluation.rule).toMatch(/lstm-16's first out-of-sample forecast/);

    const byName = Object.fromEntries(results.strategies.map((s) => [s.name, s]));
    expect(Object.keys(byName)).toEqual(['sma-24-120', 'lstm-16', 'naive', 'buy-and-hold']);
    for (const strategy of [byName['sma-24-120'], byName['lstm-16'], byName['buy-and-hold']]) {
      const m = strategy.metrics;
      expect(m.start).toBe(results.evaluation.start);
      // Every annualised figure uses the run's periods a year: the Sharpe ratio recomputed from the equity at 6048 matches.
      expect(m.sharpe).toBeCloseTo(annualizedGeometricSharpe(equityReturns(strategy.equity), 6048), 10);
      expect(Number.isFinite(m.volatilityPct) && Number.isFinite(m.cagrPct)).toBe(true);
      // Calendar time from the stamps: the window is about 124 days of hours, not a whole number of days.
      expect(m.durationDays).toBeCloseTo((Date.parse(m.end) - Date.parse(m.start)) / 86_400_000, 10);
      expect(Number.isInteger(m.durationDays)).toBe(false);
    }
    expect(byName['sma-24-120'].trades.length).toBeGreaterThan(3);
    expect(byName['lstm-16'].trades.length).toBeGreaterThan(3);
    for (const trade of byName['sma-24-120'].trades) expect(trade.entryDate).toMatch(ISO_STAMP);
    expect(byName['lstm-16'].model!.folds.map((fold) => fold.testStartDate)).toEqual(expect.arrayContaining([expect.stringMatching(ISO_STAMP)]));

    // The monthly table groups hours by their UTC month.
    const monthly = monthlyReturns(byName['buy-and-hold'].equity);
    expect(monthly.years).toEqual([2017, 2018]);
    expect(monthly.returns[1].slice(0, 2).every(Number.isFinite)).toBe(true);

    // results.json keeps the ISO stamps and reads back to the same results.
    const file = encodeResults(results);
    expect(file.bars.date[0]).toBe('2017-04-19T09:00:00Z');
    expect(file.strategies[0].equity.date.every((stamp) => ISO_STAMP.test(stamp))).toBe(true);
    const decoded = decodeResults(JSON.parse(toJson(file)));
    expect(decoded.data.frequency).toEqual(results.data.frequency);
    expect(decoded.conventions.periodsPerYear).toBe(6048);

    // The report prints the periods and their rule, and its charts get UTC seconds with the time shown.
    const html = renderReport(results);
    expect(html).toContain('6,048 a year: from the data: 252 trading days a year x 24 bars a day (1h bars)');
    expect(html).toContain('5000 1h bars (times in UTC)');
    const payload = buildChartPayload(results);
    expect(payload.intraday).toBe(true);
    // A chart point is its bucket's last bar (5000 bars: two a point).
    expect(payload.bucket).toBe(2);
    expect(payload.dates[0]).toBe(Date.parse('2017-04-19T10:00:00Z') / 1000);
    expect(payload.dates.every((time) => typeof time === 'number')).toBe(true);
  }, 180_000);

  it('an evaluation end date keeps every bar of that day', async () => {
    const loaded = await loadConfig('configs/eurusd-hourly.yaml');
    const [series] = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir });
    const all = { name: 'x', targetPositions: new Float64Array(series.bars.length).fill(1), isModel: false };
    const plan = resolveEvaluation({ window: 'common', start: '2018-01-02', end: '2018-01-31' }, series.bars, [all], { source: 'x.yaml' });
    expect(plan.window).toMatchObject({ start: '2018-01-02T00:00:00Z', end: '2018-01-31T23:00:00Z' });
  });
});
