// Live equals backtest: the signal computed with --as-of for each day of a period equals, bit for
// bit, the backtest's forecast and target position on that day, for a rule strategy, the linear
// baseline, a hysteresis rule on it and a small network; whether the fold's model was trained in
// that call or loaded from the models folder, and across a fold boundary (the grid starts a new fold).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { silentProgress } from '../../src/core/progress.ts';
import type { BarSeries } from '../../src/data/bar.ts';
import { decideStrategies } from '../../src/run/run-backtest.ts';
import { computeSignals } from '../../src/signal/compute-signals.ts';
import { plantedSignalBars } from '../helpers/bars.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'wf-signal-parity-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const forecastBlock = `
      features: [{ name: log-return }, { name: volume-zscore, period: 10 }, { name: rsi, period: 7 }]
      walkforward: { trainBars: 200, testBars: 50, purgeBars: 1, validationFraction: 0.2 }
      lookback: 5`;
const yaml = `
name: parity
seed: 11
engine: wasm
workers: 1
data: { source: csv, path: unused.csv }
broker: { commission: 0.001, slippage: 0.0005 }
strategies:
  - { name: sma, type: sma-crossover, params: { fast: 5, slow: 20 }, mode: long-short }
  - name: linear
    type: forecast
    mode: long-short
    params:${forecastBlock}
      model: { type: linear, ridgeAlpha: 0.5 }
  - name: linear-hysteresis
    type: forecast
    params:${forecastBlock}
      model: { type: linear }
      signal: { type: hysteresis, threshold: 0.002, exit: 0 }
  - name: lstm
    type: forecast
    mode: long-short
    params:${forecastBlock}
      model: { type: lstm, layers: [4], epochs: 2, batchSize: 32, patience: 0, learningRate: 0.01 }
`;
const loaded = parseConfig(yaml, 'parity.yaml', root);
// Folds test bars 201..250, 251..300, 301..329: the period below crosses the first boundary.
const series: BarSeries = { symbol: 'PLANT', source: 'planted.csv', bars: plantedSignalBars(330, 5) };
const days = [248, 249, 250, 251, 252];

describe('signal --as-of equals the backtest', () => {
  it('for every strategy and every day of a period, trained fresh or reloaded', async () => {
    const { decisions } = await decideStrategies(loaded, series, { progress: silentProgress });
    const shared = path.join(root, 'shared');
    for (const day of days) {
      const asOf = series.bars[day].date;
      // A fresh models folder (every fold trained in this call), then the shared one (trained on
      // the first day of each fold, reloaded on the days after).
      const fresh = await computeSignals(loaded, series, { modelsDir: path.join(root, `fresh-${day}`), asOf, progress: silentProgress });
      const reused = await computeSignals(loaded, series, { modelsDir: shared, asOf, progress: silentProgress });
      for (const { rows } of [fresh, reused]) {
        expect(rows.map((row) => row.strategy)).toEqual(['sma', 'linear', 'linear-hysteresis', 'lstm']);
        for (const row of rows) {
          const decision = decisions.find((d) => d.entry.name === row.strategy)!;
          const where = `${row.strategy} at bar ${day} (${asOf})`;
          expect(row.lastBarDate, where).toBe(asOf);
          expect(row.signalFor, where).toBe(series.bars[day + 1].date);
          expect(Object.is(row.targetPosition, decision.output.targetPositions[day]), `${where}: target ${row.targetPosition} vs ${decision.output.targetPositions[day]}`).toBe(true);
          expect(Object.is(row.previousPosition, decision.output.targetPositions[day - 1]), `${where}: previous target`).toBe(true);
          if (decision.output.model) {
            const expected = decision.output.model.forecasts[day];
            expect(Number.isFinite(expected)).toBe(true);
            expect(Object.is(row.forecastLogReturn, expected), `${where}: forecast ${row.forecastLogReturn} vs ${expected}`).toBe(true);
            const fold = decision.output.model.folds[decision.output.model.foldOfBar[day]];
            expect([row.trainStart, row.trainEnd], where).toEqual([fold.trainStartDate, fold.trainEndDate]);
          } else {
            expect(row.forecastLogReturn).toBeNull();
          }
        }
      }
      const lstmFresh = fresh.rows.find((row) => row.strategy === 'lstm')!;
      const lstmShared = reused.rows.find((row) => row.strategy === 'lstm')!;
      expect(lstmFresh.modelReused).toBe(false);
      // The shared folder trains a fold on the first day it is needed and reloads it after.
      expect(lstmShared.modelReused).toBe(day !== days[0] && day !== 251);
      expect(lstmShared.modelId).toBe(lstmFresh.modelId);
    }
    // The network's signals are not all alike (a constant would prove little).
    const forecasts = new Set(days.map((day) => decisions.find((d) => d.entry.name === 'lstm')!.output.model!.forecasts[day]));
    expect(forecasts.size).toBe(days.length);
  }, 120_000);
});
