import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/api/run-backtest.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { KNN_TS, MOMENTUM_TS, studyConfig, studyFolders, userErrorOf } from '../helpers/study-folder.ts';

const study = studyFolders('wf-forecasters-');
const forecasting = (model: string) => `{ name: knn, type: lstm-forecast, params: { features: [{ name: volume }, { name: log-return }], lookback: 3, walkforward: { trainBars: 300, testBars: 100 }, model: ${model} } }`;

describe('forecaster plug-ins from the user\'s files', () => {
  it('model: { type: ./models/knn.ts, k: 9 } trains the user\'s forecaster on every fold, without a build step', async () => {
    const dir = study({ 'models/knn.ts': KNN_TS, 'config.yaml': studyConfig('knn', [forecasting('{ type: ./models/knn.ts, k: 9 }'), forecasting('{ type: linear }').replace('name: knn', 'name: lin')]) });
    const results = await runBacktest(path.join(dir, 'config.yaml'));
    const knn = results.strategies.find((s) => s.name === 'knn')!;
    expect(knn.params.model).toEqual({ type: path.join(dir, 'models', 'knn.ts'), k: 9 });
    expect(knn.model!.modelType).toBe('knn');
    expect(knn.model!.folds.length).toBe(results.strategies.find((s) => s.name === 'lin')!.model!.folds.length);
    expect(knn.model!.forecastMetrics.count).toBeGreaterThan(800);
    expect(knn.model!.engine).toBe('none');
    // The same folds as the built-in linear model: the forecasts start at the same bar.
    const first = (forecasts: number[]) => forecasts.findIndex((f) => Number.isFinite(f));
    expect(first(knn.model!.forecasts)).toBe(first(results.strategies.find((s) => s.name === 'lin')!.model!.forecasts));
  });

  it('a config object keeps its own model block unchanged (the file is resolved in a copy)', async () => {
    const dir = study({ 'knn.ts': KNN_TS });
    const model = { type: './knn.ts', k: 5 };
    const results = await runBacktest(
      {
        name: 'object',
        data: { source: 'csv', path: path.resolve('data/GOOG.csv'), start: '2006-01-01', end: '2009-12-31' },
        strategies: [{ name: 'knn', type: 'lstm-forecast', params: { lookback: 3, walkforward: { trainBars: 300, testBars: 100 }, model } }],
      },
      { baseDir: dir },
    );
    expect(model).toEqual({ type: './knn.ts', k: 5 });
    expect(results.strategies[0].model!.modelType).toBe('knn');
  });

  it('its params are checked by its own schema, with the config\'s place', async () => {
    const dir = study({ 'knn.ts': KNN_TS, 'config.yaml': studyConfig('bad', [forecasting('{ type: ./knn.ts, k: 0, kk: 1 }')]) });
    const message = await userErrorOf(loadConfig(path.join(dir, 'config.yaml')));
    expect(message).toMatch(/config\.yaml:4:\d+ strategies\[0\]\.params\.model\.k: .*>=\s*1/);
    expect(message).toMatch(/strategies\[0\]\.params\.model\.kk: unknown key "kk"/);
  });

  it('a strategy file where a forecaster belongs, a forecaster file where a strategy belongs, a throw and a wrong count are errors naming the file', async () => {
    const throwing = KNN_TS.replace('const width = fold.featureCount;', "if (fold.foldIndex === 1) throw new Error('out of memory');\n    const width = fold.featureCount;");
    const short = KNN_TS.replace('return forecasts;', 'return forecasts.slice(1);');
    const dir = study({
      'knn.ts': KNN_TS,
      'momentum.ts': MOMENTUM_TS,
      'throwing.ts': throwing,
      'short.ts': short,
      'a.yaml': studyConfig('a', [forecasting('{ type: ./momentum.ts }')]),
      'b.yaml': studyConfig('b', ['{ name: k, type: ./knn.ts }']),
      'c.yaml': studyConfig('c', [forecasting('{ type: ./throwing.ts }')]),
      'd.yaml': studyConfig('d', [forecasting('{ type: ./short.ts }')]),
    });
    expect(await userErrorOf(loadConfig(path.join(dir, 'a.yaml')))).toMatch(/strategies\[0\]\.params\.model\.type: \S*momentum\.ts: default export is not a forecaster definition: trainFold: expected a function/);
    expect(await userErrorOf(loadConfig(path.join(dir, 'b.yaml')))).toMatch(/strategies\[0\]\.type: \S*knn\.ts: exports a forecaster \(defineForecaster\), not a strategy/);
    expect(await userErrorOf(runBacktest(path.join(dir, 'c.yaml')))).toMatch(/throwing\.ts: trainFold threw on fold 2: out of memory/);
    expect(await userErrorOf(runBacktest(path.join(dir, 'd.yaml')))).toMatch(/short\.ts: trainFold returned 99 forecasts for fold 1's 100 test windows/);
  });
});
