import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { loadCsvSeries } from '../../src/data/load-csv.ts';
import { runBacktest } from '../../src/run/run-backtest.ts';
import { decodeResults, encodeResults, type ResultsFile } from '../../src/run/results-file.ts';
import { toJson } from '../../src/core/json-text.ts';
import { writeFilesAtomically } from '../../src/core/write-atomic.ts';
import { silentProgress } from '../../src/core/progress.ts';

const yaml = `
name: pipeline
data: { source: csv, path: data/MSFT-2013-2018.csv }
broker: { cash: 50000, commission: 0.002, slippage: 0.001 }
riskFreeRate: 0.01
benchmark: buy-and-hold
strategies:
  - { name: sma, type: sma-crossover, params: { fast: 10, slow: 40 } }
  - { name: rsi-ls, type: rsi-reversion, mode: long-short }
`;

async function runOnce() {
  const loaded = parseConfig(yaml, 'inline.yaml');
  const series = loadCsvSeries('data/MSFT-2013-2018.csv');
  return runBacktest(loaded, series, { progress: silentProgress, now: () => 0 });
}

describe('runBacktest', () => {
  it('runs every strategy plus the buy-and-hold benchmark on the same bars and costs', async () => {
    const results = await runOnce();
    expect(results.strategies.map((s) => [s.name, s.isBenchmark])).toEqual([
      ['sma', false], ['rsi-ls', false], ['buy-and-hold', true],
    ]);
    expect(results.benchmark).toBe('buy-and-hold');
    expect(results.data).toMatchObject({ symbol: 'MSFT', bars: 1259, start: '2013-02-08', end: '2018-02-07' });
    expect(results.conventions).toMatchObject({ periodsPerYear: 252, riskFreeRate: 0.01, commissionRate: 0.002, slippageRate: 0.001, initialCash: 50000 });
    expect(results.conventions.fillRule).toMatch(/t\+1's open/);
    // One window for all: sma(10, 40) decides from bar 40, the latest first decision of the three.
    expect(results.evaluation).toMatchObject({ mode: 'common', startBar: 40, endBar: 1258, start: '2013-04-09', windowsDiffer: false });
    expect(results.evaluation.rule).toMatch(/sma's first decision/);
    for (const strategy of results.strategies) {
      expect(strategy.window).toEqual({ startBar: 40, endBar: 1258, start: results.evaluation.start, end: '2018-02-07' });
      expect(strategy.equity).toHaveLength(1219);
      expect(strategy.equity[0]).toMatchObject({ bar: 40, equity: 50000, position: 0 });
      expect(strategy.metrics.start).toBe(results.evaluation.start);
      expect(Object.keys(strategy.metrics)).toEqual(expect.arrayContaining([
        'finalEquity', 'totalReturnPct', 'annualReturnPct', 'cagrPct', 'volatilityPct', 'sharpe', 'sortino', 'calmar',
        'maxDrawdownPct', 'trades', 'winRatePct', 'profitFactor', 'exposurePct', 'commissionsPaid', 'buyHoldReturnPct',
      ]));
      // Final equity is the starting cash plus every closed and open trade's PnL.
      const pnl = strategy.trades.reduce((sum, t) => sum + t.pnl, 0) + (strategy.openTrade?.pnl ?? 0);
      expect(strategy.metrics.finalEquity).toBeCloseTo(50000 + pnl, 6);
      expect(strategy.metrics.trades).toBe(strategy.trades.length);
    }
    const hold = results.strategies[2];
    expect(hold.trades).toHaveLength(0);
    expect(hold.openTrade).toMatchObject({ entryBar: 41, direction: 1 });
    expect(hold.metrics.exposurePct).toBeCloseTo((1218 / 1219) * 100, 9);
    for (const strategy of results.strategies) expect(strategy.trades.every((t) => t.entryBar > 40)).toBe(true);
    expect(results.strategies[1].trades.some((t) => t.direction === -1)).toBe(true);
  });

  it('same config, same numbers', async () => {
    expect(toJson(await runOnce())).toEqual(toJson(await runOnce()));
  });

  it('results.json has no NaN (written as null) and the atomic writer leaves no temp files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wf-run-'));
    try {
      const results = await runOnce();
      writeFilesAtomically([{ path: path.join(dir, 'x', 'results.json'), content: toJson(results) }]);
      expect(readdirSync(path.join(dir, 'x'))).toEqual(['results.json']);
      const text = readFileSync(path.join(dir, 'x', 'results.json'), 'utf8');
      expect(text).not.toMatch(/NaN|Infinity/);
      expect(JSON.parse(text).strategies[0].metrics.sharpe).toBeTypeOf('number');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one evaluation window for every strategy', () => {
  const config = (strategies: string, extra = '') =>
    parseConfig(`name: w\ndata: { source: csv, path: data/MSFT-2013-2018.csv }\nbroker: { cash: 10000, commission: 0.001, slippage: 0.0005 }\nbenchmark: buy-and-hold\n${extra}strategies:\n${strategies}`, 'inline.yaml');
  const series = loadCsvSeries('data/MSFT-2013-2018.csv');
  const cut = (from: number) => ({ ...series, bars: series.bars.slice(from) });
  const sma = '  - { name: sma, type: sma-crossover, params: { fast: 10, slow: 40 } }\n';

  it('buy-and-hold measured over the window equals buy-and-hold run on data cut to the window', async () => {
    const full = await runBacktest(config(sma), series, { progress: silentProgress, now: () => 0 });
    const start = full.evaluation.startBar;
    const holdOnly = config('  - { name: buy-and-hold, type: buy-and-hold }\n');
    const onCut = await runBacktest(holdOnly, cut(start), { progress: silentProgress, now: () => 0 });
    const windowed = full.strategies.find((s) => s.name === 'buy-and-hold')!;
    const alone = onCut.strategies[0];
    expect(onCut.evaluation.startBar).toBe(0);
    expect(windowed.metrics).toEqual(alone.metrics);
    expect(windowed.equity.map((p) => [p.date, p.equity, p.position])).toEqual(alone.equity.map((p) => [p.date, p.equity, p.position]));
    expect(windowed.openTrade).toMatchObject({ entryDate: alone.openTrade!.entryDate, entryPrice: alone.openTrade!.entryPrice, size: alone.openTrade!.size });
  });

  it("a rule strategy's in-window trades do not depend on bars loaded before its warm-up", async () => {
    const window = 'evaluation: { start: 2015-01-02 }\n';
    const full = await runBacktest(config(sma, window), series, { progress: silentProgress, now: () => 0 });
    const startBar = full.evaluation.startBar;
    const warmup = 40; // smaCrossover.warmupBars({ slow: 40 })
    // Loaded from exactly the warm-up before the window, and from a little earlier.
    for (const from of [startBar - warmup, startBar - warmup - 17]) {
      const shorter = await runBacktest(config(sma, window), cut(from), { progress: silentProgress, now: () => 0 });
      expect(shorter.evaluation.start).toBe(full.evaluation.start);
      const trades = (r: typeof full) => r.strategies[0].trades.map((t) => [t.entryDate, t.exitDate, t.entryPrice, t.exitPrice, t.size, t.pnl]);
      expect(trades(shorter)).toEqual(trades(full));
      expect(shorter.strategies[0].metrics).toEqual(full.strategies[0].metrics);
    }
  });

  it('results.json records the window; a model strategy sets it to its first forecast', async () => {
    const lstm =
      '  - { name: linear, type: lstm-forecast, params: { walkforward: { trainBars: 300, testBars: 200 }, model: { type: linear } } }\n';
    const results = await runBacktest(config(sma + lstm), series, { progress: silentProgress, now: () => 0 });
    const json: ResultsFile = JSON.parse(toJson(encodeResults(results)));
    const decoded = decodeResults(json);
    expect(decoded.bars).toEqual(results.bars);
    decoded.strategies.forEach((strategy, i) => {
      expect(strategy.equity).toEqual(results.strategies[i].equity);
      expect(strategy.targetPositions).toEqual(results.strategies[i].targetPositions);
      expect(strategy.model?.forecasts).toEqual(results.strategies[i].model?.forecasts);
    });
    // First test bar: trainBars 300 + purge 1 (the horizon).
    expect(json.evaluation).toMatchObject({ mode: 'common', startBar: 301, start: series.bars[301].date, end: '2018-02-07' });
    expect(json.evaluation.rule).toMatch(/linear's first out-of-sample forecast/);
    for (const strategy of json.strategies) {
      expect(strategy.window).toMatchObject({ startBar: 301, endBar: 1258 });
      expect(strategy.equity).toMatchObject({ firstBar: 301 });
      expect([strategy.equity.date[0], strategy.equity.equity[0], strategy.equity.position[0]]).toEqual([series.bars[301].date, 10000, 0]);
      expect(strategy.targetPositions).toHaveLength(1259);
    }
  });

  it('window: full measures each strategy from its own first decision and says the windows differ', async () => {
    const results = await runBacktest(config(sma, 'evaluation: { window: full }\n'), series, { progress: silentProgress, now: () => 0 });
    expect(results.evaluation).toMatchObject({ mode: 'full', windowsDiffer: true, startBar: 0 });
    expect(results.strategies.map((s) => [s.name, s.window.startBar])).toEqual([['sma', 40], ['buy-and-hold', 0]]);
  });

  it('warns when evaluation.start is before a strategy can decide, and refuses a window past the data', async () => {
    const early = await runBacktest(config(sma, 'evaluation: { start: 2013-02-11 }\n'), series, { progress: silentProgress, now: () => 0 });
    expect(early.evaluation.startBar).toBe(1);
    expect(early.warnings.map((w) => w.code)).toContain('window-before-decision');
    await expect(runBacktest(config(sma, 'evaluation: { start: 2019-01-02 }\n'), series, { progress: silentProgress })).rejects.toThrow(
      /evaluation.start 2019-01-02 is after the last bar \(2018-02-07\)/,
    );
  });
});
