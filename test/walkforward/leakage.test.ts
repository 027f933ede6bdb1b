import { describe, expect, it } from 'vitest';
import { featureSpecSchema } from '../../src/features/feature-spec.ts';
import { modelConfigSchema } from '../../src/models/forecasters/index.ts';
import { prepareFolds, runWalkForward, type WalkForwardSettings } from '../../src/walkforward/run-walkforward.ts';
import { plantedSignalBars, randomWalkBars } from '../helpers/bars.ts';

// Tiny networks on the pure-JS cpu backend: deterministic and seconds per test.
function settings(overrides: Omit<Partial<WalkForwardSettings>, 'model'> & { model?: Record<string, unknown> } = {}): WalkForwardSettings {
  const { model, ...rest } = overrides;
  return {
    features: ['log-return', 'rsi', 'macd-histogram', 'volume-zscore'].map((name) => featureSpecSchema.parse({ name })),
    horizon: 1,
    lookback: 8,
    scaler: 'zscore',
    walkforward: { trainBars: 300, testBars: 60, stepBars: 60, scheme: 'expanding', purgeBars: 1, validationFraction: 0.2 },
    // A tiny LSTM unless the test names another type (each type's block has its own keys).
    model: modelConfigSchema.parse(model?.type && model.type !== 'lstm' ? model : { type: 'lstm', layers: [4], epochs: 2, batchSize: 32, patience: 1, ...model }),
    seed: 7,
    engine: 'cpu',
    fused: false,
    ...rest,
  };
}

describe('leakage', () => {
  // wasm and the fused kernel too: their matmul kernels must not give a row different bits when the
  // test batch is shorter. wasm first: engine.ts can switch wasm -> cpu but not load wasm after cpu.
  it.each([
    ['wasm', false],
    ['wasm', true],
    ['cpu', false],
  ] as const)('prefix test (%s, fused %s): forecasts on the first 0.7N bars are bit-identical to the full run', async (engine, fused) => {
    const bars = randomWalkBars(600, 11);
    const prefixLength = Math.round(0.7 * bars.length);
    const model = { layers: [6, 5], dropout: 0.2 };
    const full = await runWalkForward(bars, settings({ engine, fused, model }));
    const prefix = await runWalkForward(bars.slice(0, prefixLength), settings({ engine, fused, model }));
    expect(full.engine).toBe(engine);
    let compared = 0;
    for (let t = 0; t < prefixLength; t++) {
      if (Number.isNaN(prefix.forecasts[t])) {
        expect(full.forecasts[t]).toBeNaN();
        continue;
      }
      expect(Object.is(prefix.forecasts[t], full.forecasts[t])).toBe(true);
      compared++;
    }
    // Fold 0 fully and fold 1 truncated (test bars 361..419) are both compared.
    expect(prefix.folds.length).toBe(2);
    expect(prefix.folds[1].testEnd).toBe(prefixLength);
    expect(compared).toBe(prefixLength - 301);
  });

  it("scaler test: changing prices after a fold's training window leaves its scaler and windows unchanged", () => {
    const bars = randomWalkBars(600, 12);
    const before = prepareFolds(bars, settings());
    const trainEnd = before.folds[0].plan.trainEnd;
    const changed = bars.map((bar, k) => (k >= trainEnd ? { ...bar, close: bar.close * 3, high: bar.high * 3, volume: bar.volume * 9 } : bar));
    const after = prepareFolds(changed, settings());
    expect(Array.from(after.folds[0].scaler.offset)).toEqual(Array.from(before.folds[0].scaler.offset));
    expect(Array.from(after.folds[0].scaler.scale)).toEqual(Array.from(before.folds[0].scaler.scale));
    expect(Array.from(after.folds[0].job.xTrain)).toEqual(Array.from(before.folds[0].job.xTrain));
    expect(Array.from(after.folds[0].job.yTrain)).toEqual(Array.from(before.folds[0].job.yTrain));
    expect(after.folds[0].targetScale).toBe(before.folds[0].targetScale);
    // ...while a later fold, which trains on the changed bars, does see the change.
    expect(Array.from(after.folds[2].scaler.scale)).not.toEqual(Array.from(before.folds[2].scaler.scale));
  });

  it('validation tail: training targets (close t -> t+h) end before the first validation window starts', () => {
    const bars = randomWalkBars(600, 15);
    const horizon = 3;
    const prepared = prepareFolds(bars, settings({ horizon, walkforward: { trainBars: 300, testBars: 60, stepBars: 60, scheme: 'expanding', purgeBars: 3, validationFraction: 0.2 } }));
    const fold = prepared.folds[0];
    const validationCount = fold.job.yValidation.length;
    const firstValidationEnd = fold.plan.trainEnd - validationCount;
    const lastTrainEnd = firstValidationEnd - horizon;
    const destandardise = (y: number) => y * fold.targetScale + fold.targetMean;
    expect(validationCount).toBeGreaterThan(0);
    expect(destandardise(fold.job.yTrain[fold.job.yTrain.length - 1])).toBeCloseTo(prepared.target[lastTrainEnd], 6);
    expect(destandardise(fold.job.yValidation[0])).toBeCloseTo(prepared.target[firstValidationEnd], 6);
    // The last training target reaches close[lastTrainEnd + horizon] = the first validation window's last close.
    expect(lastTrainEnd + horizon).toBe(firstValidationEnd);
  });

  it('random-walk canary: out-of-sample directional accuracy stays within the binomial 99% band', async () => {
    const bars = randomWalkBars(900, 13);
    const report = await runWalkForward(
      bars,
      settings({ walkforward: { trainBars: 300, testBars: 150, stepBars: 150, scheme: 'expanding', purgeBars: 1, validationFraction: 0.2 }, model: { layers: [8], epochs: 3 } }),
    );
    const { directionalAccuracy, directionalCount } = report.forecastMetrics;
    expect(directionalCount).toBeGreaterThan(500);
    const halfWidth = 2.576 * Math.sqrt(0.25 / directionalCount);
    expect(Math.abs(directionalAccuracy! - 0.5)).toBeLessThan(halfWidth);
  });

  it('planted signal: an LSTM finds a next return that is a function of today\'s volume (directional accuracy > 0.8)', async () => {
    const bars = plantedSignalBars(700, 14);
    const report = await runWalkForward(
      bars,
      settings({
        features: [featureSpecSchema.parse({ name: 'volume' }), featureSpecSchema.parse({ name: 'log-return' })],
        lookback: 3,
        walkforward: { trainBars: 400, testBars: 100, stepBars: 100, scheme: 'expanding', purgeBars: 1, validationFraction: 0.1 },
        model: { layers: [8], epochs: 12, learningRate: 0.01, patience: 0 },
      }),
    );
    expect(report.forecastMetrics.directionalAccuracy).toBeGreaterThan(0.8);
    expect(report.forecastMetrics.rmseRatioVsNaive).toBeLessThan(0.8);
  });

  it('planted signal: the linear baseline finds it too, the naive one cannot', async () => {
    const bars = plantedSignalBars(700, 14);
    const base = { features: [featureSpecSchema.parse({ name: 'volume' })], lookback: 1 };
    const linear = await runWalkForward(bars, settings({ ...base, model: { type: 'linear' } }));
    const naive = await runWalkForward(bars, settings({ ...base, model: { type: 'naive' } }));
    expect(linear.forecastMetrics.directionalAccuracy).toBeGreaterThan(0.9);
    expect(naive.forecastMetrics.rmseRatioVsNaive).toBe(1);
    expect(naive.forecastMetrics.directionalAccuracy).toBeNull();
  });
});
