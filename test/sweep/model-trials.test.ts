import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/core/progress.ts';
import type { BarSeries } from '../../src/data/bar.ts';
import { parseSweepConfig } from '../../src/sweep/load-sweep.ts';
import { runSweep } from '../../src/sweep/run-sweep.ts';
import { localExecutor } from '../../src/sweep/trial-executor.ts';
import { plantedSignalBars } from '../helpers/bars.ts';
import { sweepFigures } from '../helpers/sweep-figures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'wf-sweep-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const series: BarSeries = { symbol: 'PLANT', source: 'planted', bars: plantedSignalBars(420, 3) };

// Three tiny LSTM trials, three folds each: enough to tell serial from pooled if they differed.
const config = `name: model-sweep
seed: 5
engine: wasm
data: { source: csv, path: unused.csv }
strategies:
  - name: lstm
    type: forecast
    params:
      features: [{ name: log-return }, { name: volume }]
      walkforward: { trainBars: 250, testBars: 80, validationFraction: 0 }
      lookback: 5
      model: { type: lstm, layers: [4], epochs: 2, batchSize: 32 }
sweep:
  grid:
    lstm.params.model.layers: [[4], [6]]
    lstm.params.lookback: [5, 8]
  wfo: { trainBars: 60, testBars: 40 }
  cscv: { partitions: 4 }
`;


describe('model trials', () => {
  it('give the same figures in process (folds one after another) and on the worker pool (one trial per worker)', async () => {
    const { loaded, definition } = parseSweepConfig(config, 'model.yaml');
    expect(definition.trials.every((t) => t.trainsNetwork)).toBe(true);
    const run = async (workers: number, name: string) => {
      const executor = localExecutor({ workers, engine: 'wasm', trainsNetwork: true });
      expect(executor.describe(4)).toBe(workers === 1 ? 'in process' : `local pool of ${workers} worker threads`);
      return runSweep(loaded, definition, series, { outDir: path.join(dir, name), resume: false, executor, progress: silentProgress, log: () => {}, now: () => 0 });
    };
    const serial = await run(1, 'serial');
    const pooled = await run(2, 'pooled');
    expect(sweepFigures(pooled.results)).toEqual(sweepFigures(serial.results));
    const trial = serial.results.trials[3];
    expect(trial.forecast).toMatchObject({ engine: 'wasm', folds: 3 });
    expect(trial.forecast!.epochs).toBeGreaterThan(0);
    // Different trials train from different seeds: their forecasts differ.
    expect(serial.results.trials[0].forecast!.metrics.rmse).not.toBe(serial.results.trials[1].forecast!.metrics.rmse);
  }, 180_000);
});
