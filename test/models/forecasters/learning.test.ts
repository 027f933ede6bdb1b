// Each new forecaster learns a planted causal signal (today's volume sets tomorrow's return, see
// plantedSignalBars) out of sample, and shows no skill on a random walk. Tiny networks, few epochs.
import { describe, expect, it } from 'vitest';
import { featureSpecSchema } from '../../../src/features/feature-spec.ts';
import { modelConfigSchema } from '../../../src/models/forecasters/index.ts';
import { runWalkForward, type WalkForwardSettings } from '../../../src/walkforward/run-walkforward.ts';
import { plantedSignalBars, randomWalkBars } from '../../helpers/bars.ts';

const fit = { epochs: 12, learningRate: 0.01, patience: 0 };
const cases: Array<[string, Record<string, unknown>]> = [
  ['rnn', { type: 'rnn', layers: [8], dropout: 0, ...fit }],
  ['cnn', { type: 'cnn', filters: [8], dense: [8], ...fit }],
  ['cnn-lstm', { type: 'cnn-lstm', filters: [8], layers: [8], ...fit }],
  ['attention-lstm', { type: 'attention-lstm', layers: [8], attentionUnits: 8, ...fit }],
  // Larger batches and steps: the transformer is the slowest per step on tfjs-wasm.
  ['transformer', { type: 'transformer', modelDim: 8, heads: 2, feedForwardUnits: 8, blocks: 1, dropout: 0, epochs: 6, learningRate: 0.02, batchSize: 64, patience: 0 }],
  ['ensemble', { type: 'ensemble', members: [{ type: 'cnn', filters: [8], dense: [8], ...fit }, { type: 'gru', layers: [8], ...fit }, { type: 'naive' }] }],
];

function settings(model: Record<string, unknown>): WalkForwardSettings {
  return {
    features: [featureSpecSchema.parse({ name: 'volume' }), featureSpecSchema.parse({ name: 'log-return' })],
    horizon: 1,
    lookback: 4,
    scaler: 'zscore',
    walkforward: { trainBars: 400, testBars: 100, stepBars: 100, scheme: 'expanding', purgeBars: 1, validationFraction: 0.1 },
    model: modelConfigSchema.parse(model),
    seed: 7,
    engine: 'wasm',
    fused: true,
  };
}

describe.each(cases)('%s', (type, model) => {
  it('learns a planted signal: directional accuracy > 0.8, RMSE < 0.8 x naive', async () => {
    const report = await runWalkForward(plantedSignalBars(700, 14), settings(model));
    expect(report.modelType).toBe(type);
    expect(report.forecastMetrics.directionalCount).toBeGreaterThan(250);
    expect(report.forecastMetrics.directionalAccuracy).toBeGreaterThan(0.8);
    expect(report.forecastMetrics.rmseRatioVsNaive).toBeLessThan(0.8);
  });

  it('shows no skill on a random walk: directional accuracy inside the binomial 99% band', async () => {
    const report = await runWalkForward(randomWalkBars(700, 13), settings(model));
    const { directionalAccuracy, directionalCount } = report.forecastMetrics;
    expect(directionalCount).toBeGreaterThan(250);
    expect(Math.abs(directionalAccuracy! - 0.5)).toBeLessThan(2.576 * Math.sqrt(0.25 / directionalCount));
    expect(report.forecastMetrics.rmseRatioVsNaive).toBeGreaterThan(0.97);
  });
});
