import { describe, expect, it } from 'vitest';
import { computeStatistics } from '../../src/metrics/statistics.ts';
import { exitsSchema } from '../../src/backtest/exits.ts';
import { buildChartPayload, MARKER_EXIT_REASONS, MAX_CHART_POINTS } from '../../src/report/chart-payload.ts';
import { TRADE_COLUMNS } from '../../src/report/trades-table.ts';
import { embedJson, formatNumber } from '../../src/report/html.ts';
import { bestIndexes, metricRows } from '../../src/report/metrics-table.ts';
import { renderFoldTable } from '../../src/report/model-section.ts';
import { monthlyReturns } from '../../src/report/monthly-returns.ts';
import { renderReport } from '../../src/report/render-report.ts';
import type { RunResults, StrategyResult } from '../../src/run/results.ts';
import { combineRuns } from '../../src/run/run-multi-symbol.ts';
import { makeFixtureResults } from '../helpers/report-fixture.ts';

function withStatistics(results: RunResults): RunResults {
  computeStatistics(results);
  return results;
}

const fixture = withStatistics(makeFixtureResults({ bars: 400, ruleStrategies: 2, withModel: true }));
const html = renderReport(fixture);

function embeddedPayload(page: string): unknown {
  const match = page.match(/<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]);
}

describe('renderReport', () => {
  it('has every section', () => {
    for (const id of ['verdicts', 'price', 'equity', 'metrics', 'monthly', 'models', 'trades']) expect(html.includes(`id="${id}"`)).toBe(true);
    for (const chart of ['price', 'equity', 'drawdown', 'forecast', 'scatter']) expect(html.includes(`data-chart="${chart}"`)).toBe(true);
  });

  it('is self-contained: the chart library inlined with its notice, nothing fetched', () => {
    expect(html.includes('TradingView Lightweight Charts™ v5')).toBe(true);
    expect(html.includes('Copyright (с) 2023 TradingView, Inc. https://www.tradingview.com/')).toBe(true);
    expect(html.includes('Licensed under Apache License 2.0')).toBe(true);
    expect(/<script[^>]+src=/i.test(html)).toBe(false);
    expect(/<link[^>]+href=/i.test(html)).toBe(false);
    expect(/<img/i.test(html)).toBe(false);
    expect(/url\(\s*['"]?https?:/i.test(html)).toBe(false);
    expect(/@import/i.test(html)).toBe(false);
  });

  it('escapes user text and embedded data', () => {
    // The fixture's description holds `</script><b>not bold</b>`.
    expect(html.includes('<b>not bold</b>')).toBe(false);
    expect(html).toContain('&lt;/script&gt;&lt;b&gt;not bold&lt;/b&gt;');
    expect(embedJson({ text: '</script><!--' })).toBe('{"text":"\\u003c/script>\\u003c!--"}');
    // The strategy named `lstm <test>` survives the trip into the JSON and back.
    expect(embeddedPayload(html)).toEqual(JSON.parse(JSON.stringify(buildChartPayload(fixture))));
    const scripts = html.match(/<script\b/g)!.length;
    expect(html.match(/<\/script>/g)!.length).toBe(scripts);
  });

  it('has a metrics row per metric and a column per strategy, best marked', () => {
    const rows = metricRows(fixture);
    const table = html.slice(html.indexOf('id="metrics-table"'), html.indexOf('</table>', html.indexOf('id="metrics-table"')));
    const bodyRows = table.split('<tr data-metric=').slice(1);
    expect(bodyRows).toHaveLength(rows.length);
    // 29 Metrics fields + 4 statistics rows + 2 versus-benchmark rows + 2 forecast rows (the fixture has a model).
    expect(rows).toHaveLength(Object.keys(fixture.strategies[0].metrics).length + 8);
    for (const row of bodyRows) expect(row.match(/<td/g)).toHaveLength(fixture.strategies.length);
    const returnRow = bodyRows.find((r) => r.startsWith('"totalReturnPct"'))!;
    const returns = fixture.strategies.map((s) => s.metrics.totalReturnPct);
    const bestCell = returnRow.split('<td').slice(1).findIndex((cell) => cell.startsWith(' class="best"'));
    expect(bestCell).toBe(returns.indexOf(Math.max(...returns)));
  });

  it('lists every trade, open ones marked', () => {
    const total = fixture.strategies.reduce((n, s) => n + s.trades.length + (s.openTrade ? 1 : 0), 0);
    const { trades } = buildChartPayload(fixture);
    expect(trades).toHaveLength(total);
    expect(html.includes(`data-rows="${total}"`)).toBe(true);
    // The benchmark's buy-and-hold position is still open at the end: no exit date.
    const open = trades.filter((t) => t[4] === null);
    expect(open.length).toBe(fixture.strategies.filter((s) => s.openTrade).length);
    const first = fixture.strategies[1].trades[0];
    expect(trades).toContainEqual([1, first.direction, first.entryDate, expect.closeTo(first.entryPrice, 3), first.exitDate, expect.closeTo(first.exitPrice!, 3), first.size, expect.closeTo(first.pnl, 2), expect.closeTo(first.returnPct, 2), first.barsHeld, expect.closeTo(first.commission, 2), 'signal']);
  });

  it('says in plain words when an edge is not significant', () => {
    const verdicts = html.slice(html.indexOf('id="verdicts"'), html.indexOf('id="price"'));
    for (const strategy of fixture.strategies) {
      const stats = strategy.statistics as { edgeSignificant: boolean };
      if (!stats.edgeSignificant) expect(verdicts).toMatch(/not significant/);
    }
    expect(verdicts).toMatch(/(Not significant|No edge):/);
  });

  it('renders results without statistics or models (an older results.json)', () => {
    const plain = makeFixtureResults({ bars: 200, ruleStrategies: 1, withModel: false });
    const page = renderReport(plain);
    expect(page.includes('No statistics in these results')).toBe(true);
    expect(page.includes('id="models"')).toBe(false);
    expect(metricRows(plain)).toHaveLength(Object.keys(plain.strategies[0].metrics).length);
  });

  it('renders a multi-symbol run: the equal-weight total charted, each symbol tabled', () => {
    const runs = ['AAA', 'BBB'].map((symbol, k) => {
      const run = makeFixtureResults({ bars: 300, ruleStrategies: 1, withModel: false, seed: 11 + k });
      run.data = { ...run.data, symbol };
      for (const strategy of run.strategies) strategy.symbol = symbol;
      return run;
    });
    const total = withStatistics(combineRuns(runs, { createdAt: '2026-01-01T00:00:00.000Z', runTimeMs: 1 }));
    expect((total.perSymbol![0].strategies[0].statistics as { trials: number }).trials).toBe(2);
    const page = renderReport(total);
    const section = page.slice(page.indexOf('id="per-symbol"'), page.indexOf('id="trades"'));
    expect(section.match(/<tr><td>(AAA|BBB)<\/td>/g)).toHaveLength(4);
    const payload = buildChartPayload(total);
    expect(payload.strategies[1].markers.length).toBeGreaterThan(0);
  });

  it('stays under 1 MB for 10 years of daily bars and 5 strategies', () => {
    const large = withStatistics(makeFixtureResults({ bars: 2520, ruleStrategies: 3, withModel: true }));
    expect(large.strategies).toHaveLength(5);
    const bytes = Buffer.byteLength(renderReport(large));
    expect(bytes).toBeLessThan(1_000_000);
  });

  it('stays under 1 MB with three busy forecasters among the 5 strategies', () => {
    const busy = withStatistics(makeFixtureResults({ bars: 2520, ruleStrategies: 1, withModel: true, models: 3 }));
    expect(busy.strategies).toHaveLength(5);
    const trades = busy.strategies.reduce((n, s) => n + s.trades.length, 0);
    expect(trades).toBeGreaterThan(1200);
    expect(Buffer.byteLength(renderReport(busy))).toBeLessThan(1_000_000);
  });
});

describe('evaluation window in the report', () => {
  it('states the window in the header and shades the warm-up on the charts', () => {
    const html = renderReport(fixture);
    const { evaluation } = fixture;
    expect(evaluation.startBar).toBeGreaterThan(100); // the synthetic model forecasts from 30% of the bars
    expect(html).toMatch(new RegExp(`id="window">Every figure below covers <strong>${evaluation.start} → ${evaluation.end}</strong>`));
    expect(html).toContain(`${evaluation.endBar - evaluation.startBar + 1} bars: from the first bar at which every strategy has a decision`);
    const payload = buildChartPayload(fixture);
    expect(payload.warmupPoints).toBe(evaluation.startBar);
    for (const series of payload.strategies) {
      // No equity (and no drawdown) before the window: the warm-up is not measured.
      expect(series.equity.slice(0, evaluation.startBar).every((v) => v === null)).toBe(true);
      expect(series.equity[evaluation.startBar]).toBe(10_000);
      expect(series.drawdownPct.slice(evaluation.startBar).every((v) => v !== null && v <= 0)).toBe(true);
    }
    expect(html).not.toContain('measured over different windows');
  });

  it('says at the top when strategies are measured over different windows, and lists warnings', () => {
    const full = makeFixtureResults({ bars: 300, window: 'full' });
    full.warnings.push({ code: 'long-gap', message: 'data/x.csv:12: no bars for 3 years <b>' });
    const html = renderReport(full);
    expect(full.evaluation.windowsDiffer).toBe(true);
    const top = html.slice(0, html.indexOf('<main>'));
    expect(top).toContain('These strategies are measured over different windows');
    for (const s of full.strategies) expect(top).toContain(`${s.name.replace('<', '&lt;').replace('>', '&gt;')}: ${s.window.start} → ${s.window.end}`);
    expect(top).toContain('<code>long-gap</code> data/x.csv:12: no bars for 3 years &lt;b&gt;');
  });
});

describe('chart payload', () => {
  it('turns trades into buy and sell markers at their fill bars', () => {
    const payload = buildChartPayload(fixture);
    fixture.strategies.forEach((strategy, i) => {
      const markers = payload.strategies[i].markers;
      const first = strategy.trades[0] ?? strategy.openTrade;
      if (!first) return;
      const triples: number[][] = [];
      for (let k = 0; k < markers.length; k += 3) triples.push([markers[k], markers[k + 1], markers[k + 2]]);
      expect(triples).toContainEqual([first.entryBar, first.direction, 0]);
      if (!first.open) expect(triples).toContainEqual([first.exitBar!, -first.direction, 1]);
    });
  });

  it('marks each exit by its reason and lists the reason in the trades table', () => {
    const exits = exitsSchema.parse({ stopLoss: { fraction: 0.015 }, takeProfit: { atrMultiple: 3 }, trailingStop: { fraction: 0.03 }, maxBars: 12 });
    const withExits = makeFixtureResults({ bars: 400, ruleStrategies: 1, withModel: false, exits });
    const strategy = withExits.strategies.find((s) => s.exits)!;
    const reasons = new Set(strategy.trades.map((t) => t.exitReason));
    for (const reason of ['stop', 'take-profit', 'trailing', 'time']) expect(reasons).toContain(reason);
    const payload = buildChartPayload(withExits);
    expect(payload.markerExitReasons).toEqual(MARKER_EXIT_REASONS);
    const index = withExits.strategies.indexOf(strategy);
    const markers = payload.strategies[index].markers;
    for (const trade of strategy.trades) {
      const kind = MARKER_EXIT_REASONS.indexOf(trade.exitReason!) + 1;
      const found = markers.some((_, k) => k % 3 === 0 && markers[k] === trade.exitBar && markers[k + 1] === -trade.direction && markers[k + 2] === kind);
      expect(found).toBe(true);
    }
    const rows = payload.trades.filter((row) => row[0] === index);
    expect(rows.map((row) => row[11])).toEqual([...strategy.trades.map((t) => t.exitReason), ...(strategy.openTrade ? [null] : [])]);
    expect(TRADE_COLUMNS.map((c) => c.label)).toContain('Exit reason');
    const page = renderReport(withExits);
    expect(page).toContain('stop-loss 1.5%, take-profit 3 x ATR(14), trailing stop 3%, time exit after 12 bars, market entry');
    expect(page).toMatch(/Closed by: \d+ [a-z-]+/);
    expect(page).toContain('<dt>Exits</dt><dd>stops inside the bar</dd>');
    // Without exits the conventions say every position closes on its signal.
    expect(html).toContain('<dt>Exits</dt><dd>none: positions close only on a new signal (a change of target)</dd>');
  });

  it('buckets long series and keeps each bucket high and low', () => {
    const long = makeFixtureResults({ bars: 7000, ruleStrategies: 1, withModel: false });
    const payload = buildChartPayload(long);
    expect(payload.bucket).toBe(3);
    expect(payload.dates.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(payload.dates[0]).toBe(long.bars[2].date);
    const firstHigh = Math.max(long.bars[0].high, long.bars[1].high, long.bars[2].high);
    expect(payload.ohlc[0][1]).toBeCloseTo(firstHigh, 3);
    expect(payload.ohlc[0][0]).toBeCloseTo(long.bars[0].open, 3);
    expect(payload.strategies[0].equity).toHaveLength(payload.dates.length);
    expect(payload.strategies[0].equity.at(-1)).toBeCloseTo(long.strategies[0].equity.at(-1)!.equity, -1);
  });

  it('gives strategies run on other bars their own dates and no markers', () => {
    const other = makeFixtureResults({ bars: 300, ruleStrategies: 1, withModel: false, seed: 99 });
    const stranger: StrategyResult = { ...other.strategies[1], symbol: 'OTHER', name: 'other' };
    const merged: RunResults = { ...fixture, strategies: [...fixture.strategies, stranger] };
    const series = buildChartPayload(merged).strategies.at(-1)!;
    expect(series.equityDates).toEqual(stranger.equity.map((p) => p.date));
    expect(series.markers).toEqual([]);
  });
});

describe('monthlyReturns', () => {
  it('chains month-end equity (hand-worked)', () => {
    const equity = [
      { date: '2020-01-02', equity: 100 },
      { date: '2020-01-31', equity: 110 }, // Jan: 110/100 - 1 = +10%
      { date: '2020-02-14', equity: 99 }, // Feb: 99/110 - 1 = -10%
      { date: '2021-03-01', equity: 118.8 }, // Mar 2021: 118.8/99 - 1 = +20%
    ];
    const monthly = monthlyReturns(equity);
    expect(monthly.years).toEqual([2020, 2021]);
    expect(monthly.returns[0][0]).toBeCloseTo(0.1, 12);
    expect(monthly.returns[0][1]).toBeCloseTo(-0.1, 12);
    expect(monthly.returns[0][2]).toBeNaN();
    expect(monthly.yearReturns[0]).toBeCloseTo(1.1 * 0.9 - 1, 12);
    expect(monthly.returns[1][2]).toBeCloseTo(0.2, 12);
  });
});

describe('metrics table helpers', () => {
  const row = (better: 'higher' | 'lower' | 'none') => ({ key: 'k', label: 'k', better, value: (s: StrategyResult) => s.metrics.sharpe, cell: () => '' });
  const strategies = [1.2, -0.5, 1.2, NaN, -3].map((sharpe, i) => ({ metrics: { sharpe, exposurePct: i === 4 ? 0 : 50 } }) as unknown as StrategyResult);
  it('marks the best (ties all) and nothing for rows without a direction', () => {
    expect(bestIndexes(row('higher'), strategies)).toEqual([0, 2]);
    // The last one never held a position: it cannot be best, even at the lowest value.
    expect(bestIndexes(row('lower'), strategies)).toEqual([1]);
    expect(bestIndexes(row('none'), strategies)).toEqual([]);
  });
  it('prints no negative zero', () => {
    expect(formatNumber(-0.004, 2)).toBe('0.00');
    expect(formatNumber(-0.04, 1)).toBe('0.0');
    expect(formatNumber(-1234.5, 1)).toBe('−1,234.5');
  });
});

describe('fold table', () => {
  it('shows the fold record fields, folds counted from 1, internals left to results.json', () => {
    const fold = makeFixtureResults({ bars: 300 }).strategies.find((st) => st.model)!.model!.folds[0];
    const table = renderFoldTable([{ ...fold, seed: 812041526, bestValidationLoss: null }]);
    const headers = [...table.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual([
      'Fold', 'Train start', 'Train end', 'Test start', 'Test end', 'Train samples', 'Epochs', 'Best epoch', 'Final loss',
      'Best val. loss', 'RMSE', 'Naive RMSE', 'RMSE / naive', 'Dir. accuracy', 'Train s',
    ]);
    expect(table.includes(`<tr><td>1</td><td>${fold.trainStartDate}</td>`)).toBe(true);
    expect(table.includes('<td>n/a</td>')).toBe(true); // the null validation loss
    expect(table.includes('812041526')).toBe(false);
  });
});
