// The contract every forecaster (model.type) runs, like trading-signals' shared indicator test:
// (1) no look-ahead: forecasts on a prefix of the bars are bit-identical to the full run's there;
// (2) the same seed gives the same forecasts, another seed other ones (networks);
// (3) what a fold saves reloads to the same forecasts.
// A new forecaster adds a tiny, fast case below (the first test fails until it does).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { featureSpecSchema } from '../../../src/features/feature-spec.ts';
import { forecasterFor, forecasterRegistry, modelConfigSchema } from '../../../src/models/forecasters/index.ts';
import { prepareFolds, runWalkForward, type WalkForwardSettings } from '../../../src/walkforward/run-walkforward.ts';
import { plantedSignalBars } from '../../helpers/bars.ts';

const tiny = { epochs: 2, batchSize: 32, patience: 0, learningRate: 0.01 };
export const forecasterCases: Record<string, Record<string, unknown>> = {
  lstm: { type: 'lstm', layers: [4, 3], dropout: 0.2, ...tiny },
  gru: { type: 'gru', layers: [4], ...tiny },
  'lstm-gru': { type: 'lstm-gru', layers: [4, 3], ...tiny },
  rnn: { type: 'rnn', layers: [4, 3], dropout: 0.2, ...tiny },
  cnn: { type: 'cnn', filters: [4, 4], kernelSize: 2, dilation: 2, dense: [4], ...tiny },
  'cnn-lstm': { type: 'cnn-lstm', filters: [4], kernelSize: 2, layers: [4], ...tiny },
  'attention-lstm': { type: 'attention-lstm', layers: [4], attentionUnits: 4, ...tiny },
  transformer: { type: 'transformer', modelDim: 4, heads: 2, feedForwardUnits: 8, blocks: 1, dropout: 0.1, positionalEncoding: 'learned', pooling: 'last', ...tiny },
  ensemble: { type: 'ensemble', members: [{ type: 'gru', layers: [3], ...tiny }, { type: 'cnn', filters: [3], dense: [], ...tiny }, { type: 'linear' }, { type: 'naive' }] },
  naive: { type: 'naive' },
  linear: { type: 'linear', ridgeAlpha: 0.5 },
};

const bars = plantedSignalBars(330, 3);
const prefixLength = 290;
function settings(model: Record<string, unknown>, seed = 7): WalkForwardSettings {
  return {
    features: [featureSpecSchema.parse({ name: 'volume' }), featureSpecSchema.parse({ name: 'log-return' })],
    horizon: 1,
    lookback: 5,
    scaler: 'zscore',
    // Folds test bars 201..250, 251..300 and 301..329 (purge 1): the prefix cuts the second fold short and drops the third.
    walkforward: { trainBars: 200, testBars: 50, stepBars: 50, scheme: 'expanding', purgeBars: 1, validationFraction: 0.2 },
    model: modelConfigSchema.parse(model),
    seed,
    engine: 'wasm',
    fused: true,
  };
}

const saveRoot = mkdtempSync(path.join(os.tmpdir(), 'wf-forecaster-contract-'));
afterAll(() => rmSync(saveRoot, { recursive: true, force: true }));

describe('forecaster contract', () => {
  it('every registered forecaster has a case here', () => {
    expect([...forecasterRegistry.keys()].filter((type) => !forecasterCases[type])).toEqual([]);
  });

  for (const [type, model] of Object.entries(forecasterCases)) {
    describe(type, () => {
      it('no look-ahead: forecasts on a prefix of the bars are bit-identical to the full run; same seed, same forecasts', async () => {
        const full = await runWalkForward(bars, settings(model));
        const again = await runWalkForward(bars, settings(model));
        const prefix = await runWalkForward(bars.slice(0, prefixLength), settings(model));
        expect(full.modelType).toBe(type);
        expect(again.forecasts).toEqual(full.forecasts);
        let compared = 0;
        for (let t = 0; t < prefixLength; t++) {
          expect(Object.is(prefix.forecasts[t], full.forecasts[t]), `bar ${t}: ${prefix.forecasts[t]} vs ${full.forecasts[t]}`).toBe(true);
          if (Number.isFinite(full.forecasts[t])) compared++;
        }
        expect(compared).toBe(prefixLength - 201);
        if (full.memberSpread) expect(prefix.memberSpread).toEqual(full.memberSpread.slice(0, prefixLength));
        const parsed = modelConfigSchema.parse(model);
        if (forecasterFor(parsed).needsTfjs(parsed)) {
          // A trained model, not a constant: and another seed trains another one.
          expect(new Set(full.forecasts.filter(Number.isFinite)).size).toBeGreaterThan(20);
          const otherSeed = await runWalkForward(bars, settings(model, 8));
          expect(otherSeed.forecasts).not.toEqual(full.forecasts);
        }
      });

      it('a saved fold reloads to the same forecasts', async () => {
        const parsed = modelConfigSchema.parse(model);
        const { folds } = prepareFolds(bars, { ...settings(model), saveModelsDir: path.join(saveRoot, type) });
        const job = folds[1].job;
        const forecaster = forecasterFor(parsed);
        const output = await forecaster.trainFold(job);
        expect(output.forecasts).toHaveLength(50);
        const reloaded = await forecaster.forecastSaved(job);
        expect(reloaded.forecasts).toEqual(output.forecasts);
        expect(reloaded.memberSpread).toEqual(output.memberSpread);
      });
    });
  }
});
