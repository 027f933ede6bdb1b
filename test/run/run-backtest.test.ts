import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { loadCsvSeries } from '../../src/data/load-csv.ts';
import { runBacktest } from '../../src/run/run-backtest.ts';
import { toJson, writeFilesAtomically } from '../../src/core/write-atomic.ts';
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
    expect(results.conventions).toMatchObject({ periodsPerYear: 252, riskFreeRate: 0.01, commission: 0.002, slippage: 0.001, initialCash: 50000 });
    expect(results.conventions.fillRule).toMatch(/t\+1's open/);
    for (const strategy of results.strategies) {
      expect(strategy.equity).toHaveLength(1259);
      expect(strategy.equity[0].equity).toBe(50000);
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
    expect(hold.openTrade).toMatchObject({ entryBar: 1, direction: 1 });
    expect(hold.metrics.exposurePct).toBeCloseTo((1258 / 1259) * 100, 9);
    expect(results.strategies[1].trades.some((t) => t.direction === -1)).toBe(true);
  });

  it('same config, same numbers', async () => {
    expect(toJson(await runOnce())).toEqual(toJson(await runOnce()));
  });

  it('results.json has no NaN (written as null) and the atomic writer leaves no temp files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wf-run-'));
    const results = await runOnce();
    writeFilesAtomically([{ path: path.join(dir, 'x', 'results.json'), content: toJson(results) }]);
    expect(readdirSync(path.join(dir, 'x'))).toEqual(['results.json']);
    const text = readFileSync(path.join(dir, 'x', 'results.json'), 'utf8');
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(text).strategies[0].metrics.sharpe).toBeTypeOf('number');
  });
});
