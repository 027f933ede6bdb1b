// The journal: appended atomically without rewriting history, and scored against bars that
// arrived later. The bar series grows day by day, a signal is run on each day's data as a user's
// scheduler would, then the journal is scored on the grown series.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { silentProgress } from '../../src/core/progress.ts';
import type { BarSeries } from '../../src/data/bar.ts';
import { computeSignals } from '../../src/signal/compute-signals.ts';
import { appendJournal, journalPath, readJournal, type JournalEntry } from '../../src/signal/journal.ts';
import { scoreJournalOfConfig } from '../../src/signal/journal-record.ts';
import { scoreJournal } from '../../src/signal/score-journal.ts';
import { barsFromOpenClose, plantedSignalBars } from '../helpers/bars.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'wf-signal-journal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const entry = (over: Partial<JournalEntry>): JournalEntry => ({
  emittedAt: '2020-01-01T22:00:00.000Z', barDate: '2020-01-01', signalFor: '2020-01-02', strategy: 's', symbol: 'X',
  forecast: null, targetPosition: 1, action: 'BUY', modelId: null, replay: false, ...over,
});

describe('journal file', () => {
  it('appends whole lines, keeps the earlier bytes as they were, and leaves no temp file', () => {
    const dir = path.join(root, 'append');
    const file = journalPath(dir);
    appendJournal(file, [entry({}), entry({ strategy: 't' })]);
    const before = readFileSync(file);
    appendJournal(file, [entry({ barDate: '2020-01-02', action: 'HOLD' })]);
    const after = readFileSync(file);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(readJournal(file).map((e) => [e.strategy, e.barDate])).toEqual([['s', '2020-01-01'], ['t', '2020-01-01'], ['s', '2020-01-02']]);
    expect(readdirSync(dir)).toEqual(['journal.jsonl']);
    appendJournal(file, []);
    expect(readFileSync(file).equals(after)).toBe(true);
  });

  it('a line that is not an entry is bad input naming the file and line', () => {
    const file = path.join(root, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(entry({}))}\n{"barDate": 3}\n`);
    expect(() => readJournal(file)).toThrow(/bad\.jsonl:2: /);
    expect(() => readJournal(path.join(root, 'none.jsonl'))).toThrow(/no journal yet/);
  });
});

describe('scoring', () => {
  it('follows the signals through next-open fills and costs, by hand', () => {
    // Opens 10, 11, 12, 11, 13; long after bar 0, flat after bar 2.
    const bars = barsFromOpenClose([[10, 10], [11, 11], [12, 12], [11, 11], [13, 13]]);
    const entries = [entry({ barDate: bars[0].date, targetPosition: 1 }), entry({ barDate: bars[2].date, targetPosition: 0, action: 'SELL' })];
    const settings = { cash: 1100, commissionRate: 0, slippageRate: 0, sizing: 'all-in' as const, wholeShares: true, mode: 'long-only' as const };
    const score = scoreJournal(entries, bars, { targetPositions: [1, 1, 1, 1, 1] }, settings, { strategy: 's', symbol: 'X' });
    // 100 shares bought at 11 (bar 1's open), sold at 11 (bar 3's open): 0%; the backtest held on to 13's close: +18.18%.
    expect(score.followedReturnPct).toBeCloseTo(0, 12);
    expect(score.backtestReturnPct).toBeCloseTo((1100 / 11 * 13 / 1100 - 1) * 100, 9);
    // The long was held from 11 (bar 1's open) to 11 (bar 3's open): not a hit; the flat is not scored.
    expect([score.scoredPositions, score.hitRatePct]).toEqual([1, 0]);
    expect([score.targetMismatches, score.mismatchDates]).toEqual([1, [bars[2].date]]);
    expect(score.signals).toBe(2);
  });

  it('a series growing day by day: signals journalled each day score like the backtest of those days', async () => {
    const loaded = parseConfig(
      `
name: grow
engine: wasm
workers: 1
data: { source: csv, path: unused.csv }
broker: { commission: 0.001, slippage: 0.0005 }
strategies:
  - { name: sma, type: sma-crossover, params: { fast: 3, slow: 8 }, mode: long-short }
  - name: linear
    type: forecast
    mode: long-short
    params: { features: [{ name: log-return }, { name: rsi, period: 5 }], walkforward: { trainBars: 120, testBars: 15 }, lookback: 3, model: { type: linear } }
`,
      'grow.yaml',
      root,
    );
    const all = plantedSignalBars(180, 21);
    const modelsDir = path.join(root, 'grow-models');
    const file = journalPath(modelsDir);
    // Days 150..169 arrive one by one; each evening the signal runs on the data so far.
    for (let day = 150; day < 170; day++) {
      const series: BarSeries = { symbol: 'GROW', source: 'grow.csv', bars: all.slice(0, day + 1) };
      const { rows } = await computeSignals(loaded, series, { modelsDir, progress: silentProgress });
      appendJournal(file, rows.map((row) => ({
        emittedAt: `2030-01-01T00:00:${String(day - 150).padStart(2, '0')}Z`, barDate: row.lastBarDate, signalFor: row.signalFor, strategy: row.strategy,
        symbol: row.symbol, forecast: row.forecastLogReturn, targetPosition: row.targetPosition, action: row.action, modelId: row.modelId, replay: false,
      })));
    }
    const entries = readJournal(file);
    expect(entries).toHaveLength(40);
    const later: BarSeries = { symbol: 'GROW', source: 'grow.csv', bars: all };
    const scores = await scoreJournalOfConfig(loaded, [later], entries, { modelsDir, progress: silentProgress });
    expect(scores.map((s) => s.strategy)).toEqual(['sma', 'linear']);
    for (const score of scores) {
      expect(score).toMatchObject({ signals: 20, unmatched: 0, firstBarDate: all[150].date, lastBarDate: all[169].date, targetMismatches: 0 });
      // Following the signals is the backtest of those days, to the cent.
      expect(score.followedReturnPct).toBe(score.backtestReturnPct);
      expect(score.scoredPositions).toBeGreaterThan(10);
      expect(score.hitRatePct).toBeGreaterThan(0);
    }
    expect(scores[1].maxForecastGap).toBe(0);
    expect(scores[0].maxForecastGap).toBeNull();

    // A signal run again for a bar replaces the earlier one; one that was not the backtest's shows as a gap.
    const flipped = [...entries, { ...entries[21], targetPosition: -(entries[21].targetPosition ?? 0) || 1 }];
    const [, linear] = await scoreJournalOfConfig(loaded, [later], flipped, { modelsDir, progress: silentProgress });
    expect(linear.targetMismatches).toBe(1);
    expect(linear.mismatchDates).toEqual([entries[21].barDate]);
    expect(linear.followedReturnPct).not.toBe(linear.backtestReturnPct);
    expect(existsSync(file)).toBe(true);
  }, 60_000);
});
