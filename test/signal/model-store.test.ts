// The models folder: a saved fold model is reloaded (to the same forecasts) while the config's
// model, the fold and its training bars are unchanged; anything else that shapes the model
// trains a new one; a training that fails leaves no half-written folder.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { silentProgress } from '../../src/core/progress.ts';
import type { BarSeries } from '../../src/data/bar.ts';
import { computeSignals } from '../../src/signal/compute-signals.ts';
import { FoldModelFolder, MODEL_META_FILE } from '../../src/signal/model-store.ts';
import { featureSpecSchema } from '../../src/features/feature-spec.ts';
import { modelConfigSchema } from '../../src/models/forecasters/index.ts';
import type { FoldRunner } from '../../src/walkforward/fold-job.ts';
import { runWalkForward } from '../../src/walkforward/run-walkforward.ts';
import { plantedSignalBars } from '../helpers/bars.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'wf-signal-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function config(options: { seed?: number; threshold?: number; model?: string } = {}) {
  return parseConfig(
    `
name: store
seed: ${options.seed ?? 3}
engine: wasm
workers: 1
data: { source: csv, path: unused.csv }
strategies:
  - name: net
    type: forecast
    params:
      features: [{ name: log-return }, { name: volume-zscore, period: 10 }]
      walkforward: { trainBars: 150, testBars: 40 }
      lookback: 4
      model: ${options.model ?? '{ type: gru, layers: [3], epochs: 2, patience: 0, learningRate: 0.01 }'}
      signal: { threshold: ${options.threshold ?? 0} }
`,
    'store.yaml',
    root,
  );
}
const bars = plantedSignalBars(260, 9);
const series: BarSeries = { symbol: 'PLANT', source: 'planted.csv', bars };

async function signalOf(loaded: ReturnType<typeof config>, modelsDir: string, data: BarSeries = series) {
  const { rows } = await computeSignals(loaded, data, { modelsDir, progress: silentProgress });
  return rows[0];
}

describe('saved fold models', () => {
  it('reload to identical forecasts; a changed seed, model or training bar trains anew; the signal rule does not', async () => {
    const dir = path.join(root, 'a');
    const first = await signalOf(config(), dir);
    expect(first.modelReused).toBe(false);
    const saved = path.join(dir, first.modelId!.split('/').slice(0, -1).join('/'), first.modelId!.split('/').at(-1)!);
    expect(readdirSync(saved).sort()).toEqual(['model.json', MODEL_META_FILE, 'weights.bin']);
    const meta = JSON.parse(readFileSync(path.join(saved, MODEL_META_FILE), 'utf8'));
    expect(meta).toMatchObject({ modelId: first.modelId, foldIndex: 2, trainEnd: 230, lastTrainBarDate: bars[229].date, lookback: 4, horizon: 1 });
    expect(meta.scaler.offset).toHaveLength(2);
    expect(meta.trainingDataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.configHash).toMatch(/^[0-9a-f]{64}$/);

    const again = await signalOf(config(), dir);
    expect(again.modelReused).toBe(true);
    expect(again.modelId).toBe(first.modelId);
    expect(again.trainedAt).toBe(first.trainedAt);
    expect(Object.is(again.forecastLogReturn, first.forecastLogReturn)).toBe(true);

    // The signal rule acts on forecasts; it does not make them.
    expect((await signalOf(config({ threshold: 0.5 }), dir)).modelReused).toBe(true);
    // Another seed, another model block: a new model.
    expect((await signalOf(config({ seed: 4 }), dir)).modelReused).toBe(false);
    expect((await signalOf(config({ model: '{ type: gru, layers: [4], epochs: 2, patience: 0, learningRate: 0.01 }' }), dir)).modelReused).toBe(false);
    // A training bar revised (a price correction): the fold's bars changed, so it retrains.
    const revised = bars.map((bar, k) => (k === 100 ? { ...bar, close: bar.close * 1.0001, high: bar.high * 1.0001 } : bar));
    const afterRevision = await signalOf(config(), dir, { ...series, bars: revised });
    expect(afterRevision.modelReused).toBe(false);
    expect(afterRevision.modelId).not.toBe(first.modelId);
    // A new bar inside the same fold keeps the model.
    const grown = await signalOf(config(), dir, { ...series, bars: [...bars, { ...bars[259], date: '2099-01-01' }] });
    expect(grown.modelReused).toBe(true);
    expect(grown.modelId).toBe(first.modelId);
  }, 60_000);

  it('a training that fails leaves no folder behind', async () => {
    const dir = path.join(root, 'b');
    const settings = {
      features: [featureSpecSchema.parse({ name: 'log-return' })], horizon: 1, lookback: 4, scaler: 'zscore' as const,
      walkforward: { trainBars: 150, testBars: 40, stepBars: 40, scheme: 'expanding' as const, purgeBars: 1, validationFraction: 0.1 },
      model: modelConfigSchema.parse({ type: 'linear' }), seed: 1, engine: 'wasm' as const, fused: true, fromBar: 258,
    };
    const store = new FoldModelFolder(dir, { strategy: 'net', symbol: 'PLANT', configHash: 'x', model: {} });
    const failing: FoldRunner = async (jobs) => {
      // The forecaster has begun writing into its folder when training fails.
      writeFileSync(path.join(jobs[0].saveModelDir!, 'ridge.json'), '{');
      throw new Error('training failed');
    };
    await expect(runWalkForward(bars, { ...settings, foldStore: store, runFolds: failing })).rejects.toThrow('training failed');
    store.discardUnfinished();
    expect(readdirSync(dir, { recursive: true }).map(String).filter((entry) => entry.includes('fold-'))).toEqual([]);
    // The same fold trains and is found afterwards.
    await runWalkForward(bars, { ...settings, foldStore: store });
    expect(store.uses.get(2)?.reused).toBe(false);
    await runWalkForward(bars, { ...settings, foldStore: store });
    expect(store.uses.get(2)?.reused).toBe(true);
  });
});
