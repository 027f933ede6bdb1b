import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load-config.ts';
import { UserError } from '../../src/core/errors.ts';
import { toJson } from '../../src/core/json-text.ts';
import { silentProgress } from '../../src/core/progress.ts';
import { loadCsvSeries } from '../../src/data/load-csv.ts';
import { loadSeries } from '../../src/data/load-series.ts';
import { windowOf } from '../../src/run/evaluation-window.ts';
import { measureOverWindow } from '../../src/run/measure.ts';
import { mergeRuns } from '../../src/run/merge-runs.ts';
import { decodeResults, encodeResults, type ResultsFile } from '../../src/run/results-file.ts';
import { runBacktest } from '../../src/run/run-backtest.ts';

const series = loadCsvSeries('data/MSFT-2013-2018.csv');
const config = (strategies: string, extra = '') =>
  parseConfig(
    `name: x\nbenchmark: buy-and-hold\ndata: { source: csv, path: data/MSFT-2013-2018.csv }\nbroker: { cash: 10000, commission: 0.001, slippage: 0.0005 }\n${extra}strategies:\n${strategies}`,
    'inline.yaml',
  );
const run = (strategies: string, extra = '') => runBacktest(config(strategies, extra), series, { progress: silentProgress, now: () => 0 });
const bracket = '{ stopLoss: { atrMultiple: 2 }, takeProfit: { fraction: 0.05 }, trailingStop: { fraction: 0.06 }, maxBars: 30, atrPeriod: 60 }';

describe('exits in a run', () => {
  it('are read from the strategy entry, applied to its trades and recorded in results.json', async () => {
    const results = await run(`  - { name: sma, type: sma-crossover, params: { fast: 5, slow: 20 }, exits: ${bracket} }\n  - { name: plain, type: sma-crossover, params: { fast: 5, slow: 20 } }\n`);
    const [withExits, plain, hold] = results.strategies;
    expect(withExits.exits).toEqual({ stopLoss: { atrMultiple: 2 }, takeProfit: { fraction: 0.05 }, trailingStop: { fraction: 0.06 }, maxBars: 30, atrPeriod: 60, entry: 'market' });
    expect(plain.exits).toBeNull();
    expect(hold.exits).toBeNull();
    const reasons = new Set(withExits.trades.map((t) => t.exitReason));
    for (const reason of ['signal', 'stop', 'take-profit', 'trailing']) expect(reasons).toContain(reason);
    expect(plain.trades.every((t) => t.exitReason === 'signal')).toBe(true);
    expect(results.conventions.exitRule).toMatch(/stop is assumed first/);
    // The ATR(60) warm-up, not the SMA's (20 bars), sets the common window's start.
    expect(results.evaluation.startBar).toBe(60);
    const json: ResultsFile = JSON.parse(toJson(encodeResults(results)));
    expect(json.strategies[0].exits).toEqual(withExits.exits);
    expect(json.strategies[0].trades[0].exitReason).toBe(withExits.trades[0].exitReason);
  });

  it('a re-measure from results.json (as compare does) gives the same trades', async () => {
    const results = await run(`  - { name: sma, type: sma-crossover, params: { fast: 5, slow: 20 }, exits: ${bracket} }\n`);
    const decoded = decodeResults(JSON.parse(toJson(encodeResults(results))));
    const stored = decoded.strategies[0];
    const again = measureOverWindow(decoded.bars, stored.targetPositions, undefined, decoded.conventions, stored.mode, stored.window, stored.exits);
    expect(again.trades).toEqual(results.strategies[0].trades);
    expect(again.metrics).toEqual(results.strategies[0].metrics);

    // compare brings two runs onto their common dates; the strategy with exits keeps them.
    const later = await run(`  - { name: sma, type: sma-crossover, params: { fast: 5, slow: 20 }, exits: ${bracket} }\n`, 'evaluation: { start: 2015-01-02 }\n');
    const merged = mergeRuns([{ source: 'a', results: decoded }, { source: 'b', results: later }], { name: 'm', now: () => 0 });
    const remeasured = merged.strategies.find((s) => s.name === 'x/sma' || s.name === 'sma')!;
    expect(remeasured.exits).toEqual(stored.exits);
    const window = windowOf(decoded.bars, later.evaluation.startBar, later.evaluation.endBar);
    const direct = measureOverWindow(decoded.bars, stored.targetPositions, undefined, decoded.conventions, stored.mode, window, stored.exits);
    expect(remeasured.trades).toEqual(direct.trades);
    expect(remeasured.trades.some((t) => t.exitReason !== 'signal')).toBe(true);
  });

  it('reads a results.json written before exits as no exits, every closed trade closed by its signal', async () => {
    const results = await run('  - { name: plain, type: sma-crossover, params: { fast: 5, slow: 20 } }\n');
    const json = JSON.parse(toJson(encodeResults(results)));
    delete json.conventions.exitRule;
    for (const strategy of json.strategies) {
      delete strategy.exits;
      for (const trade of strategy.trades) delete trade.exitReason;
      if (strategy.openTrade) delete strategy.openTrade.exitReason;
    }
    const decoded = decodeResults(json);
    expect(decoded.strategies[0].exits).toBeNull();
    expect(decoded.strategies[0].trades.every((t) => t.exitReason === 'signal')).toBe(true);
    expect(decoded.strategies[1].openTrade).toMatchObject({ open: true, exitReason: null });
    expect(decoded.conventions.exitRule).toMatch(/stop is assumed first/);
  });

  it('a bad exits block is a config error naming file:line:col and the field', () => {
    const bad = (exits: string) => () => config(`  - name: sma\n    type: sma-crossover\n    exits: ${exits}\n`);
    expect(bad('{ stopLoss: { fraction: 0.05, atrMultiple: 2 } }')).toThrow(UserError);
    expect(bad('{ stopLoss: { fraction: 0.05, atrMultiple: 2 } }')).toThrow(/inline\.yaml:\d+:\d+ strategies\[0\]\.exits\.stopLoss: give exactly one of fraction, atrMultiple/);
    expect(bad('{ entry: limit }')).toThrow(/strategies\[0\]\.exits\.limitOffset: required with entry: limit/);
    expect(bad('{ stopLos: { fraction: 0.05 } }')).toThrow(/inline\.yaml:8:14 strategies\[0\]\.exits\.stopLos: unknown key "stopLos"/);
  });
});

describe('the example configs', () => {
  it('sma-with-stops runs, and its bracket closes trades by every reason', async () => {
    const loaded = await loadConfig('configs/sma-with-stops.yaml');
    const [series] = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir, offline: true });
    const results = await runBacktest(loaded, series, { progress: silentProgress, now: () => 0 });
    const stops = results.strategies.find((s) => s.name === 'sma-10-30-stops')!;
    expect(new Set(stops.trades.map((t) => t.exitReason))).toEqual(new Set(['signal', 'stop', 'take-profit', 'trailing', 'time']));
    const limit = results.strategies.find((s) => s.name === 'sma-10-30-ls-limit')!;
    expect(limit.exits).toMatchObject({ entry: 'limit', limitOffset: 0.005 });
    expect(limit.trades.some((t) => t.direction === -1 && t.exitReason === 'take-profit')).toBe(true);
  });

  it('lstm-bracket puts the same bracket on a model and its baseline', async () => {
    const loaded = await loadConfig('configs/lstm-bracket.yaml');
    await expect(loadSeries(loaded.config.data, { baseDir: loaded.baseDir, offline: true })).resolves.toHaveLength(1);
    const bracket = { stopLoss: { fraction: 0.03 }, takeProfit: { fraction: 0.06 }, maxBars: 10, entry: 'market', atrPeriod: 14 };
    expect(loaded.strategies.map((s) => [s.entry.name, s.entry.type, s.entry.exits ?? null])).toEqual([
      ['lstm', 'forecast', null],
      ['lstm-bracket', 'forecast', bracket],
      ['linear', 'forecast', null],
      ['linear-bracket', 'forecast', bracket],
    ]);
  });
});
