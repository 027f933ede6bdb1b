import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { loadSeries } from '../../src/data/load-series.ts';
import { runBacktest } from '../../src/run/run-backtest.ts';
import { silentProgress } from '../../src/core/progress.ts';

const yaml = `
name: determinism
seed: 7
engine: cpu
workers: 1
data: { source: csv, path: data/GOOG.csv, start: 2009-01-01, end: 2011-12-31 }
broker: { commission: 0.001 }
strategies:
  - name: lstm
    type: lstm-forecast
    mode: long-short
    params: &shared
      features: [{ name: log-return }, { name: rsi }, { name: volume-zscore }]
      walkforward: { trainBars: 400, testBars: 100, validationFraction: 0.2 }
      lookback: 5
      model: { type: lstm, layers: [4], dropout: 0.2, epochs: 2, batchSize: 64 }
  - name: linear
    type: lstm-forecast
    params:
      <<: *shared
      model: { type: linear }
`;

describe('determinism', () => {
  it('two runs of the same config and seed give identical metrics and forecasts', async () => {
    const run = async () => {
      const loaded = parseConfig(yaml, 'determinism.yaml');
      const [series] = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir });
      return runBacktest(loaded, series, { progress: silentProgress, now: () => 0 });
    };
    const first = await run();
    const second = await run();
    expect(first.strategies[0].model!.engine).toBe('cpu');
    expect(first.strategies[1].model!.engine).toBe('none');
    expect(first.strategies.map((s) => s.name)).toEqual(['lstm', 'linear']);
    for (let i = 0; i < first.strategies.length; i++) {
      const a = first.strategies[i];
      const b = second.strategies[i];
      expect(b.metrics).toEqual(a.metrics);
      expect(b.model!.forecasts).toEqual(a.model!.forecasts);
      expect(b.model!.forecastMetrics).toEqual(a.model!.forecastMetrics);
      expect(a.model!.folds.length).toBeGreaterThan(2);
    }
    // A network's forecasts are not all one value (a dead model would pass the equality above).
    expect(new Set(first.strategies[0].model!.forecasts.filter(Number.isFinite)).size).toBeGreaterThan(10);
  });
});
