// A model the app saved (saveLayersModel: model.json + weights.bin) before FusedLSTM and FusedGRU
// became one definition still loads as fused layers and predicts what it predicted then. The
// fixture was written at f00bab1 by buildModel (lstm-gru [4, 3], dropout 0.2, recurrentDropout
// 0.1, l2 0.001, hardSigmoid; cpu, fused, Math.random seeded 7) for lookback 5 and 2 features.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadEngine } from '../../../src/models/engine.ts';
import '../../../src/models/fast-dropout.ts';
import { FusedGRU, FusedLSTM } from '../../../src/models/fused/index.ts';

const fixture = new URL('./fixtures/saved-lstm-gru/', import.meta.url);
// model.predict of the saved model on the input below, printed when the fixture was written.
const PREDICTIONS_WHEN_SAVED = [0.0006889023934490979, 0.006587759591639042, -0.004771736450493336];

describe('a fused model saved by earlier code', () => {
  it('loads as FusedLSTM and FusedGRU layers and gives the predictions it gave when saved', async () => {
    await loadEngine('cpu');
    const modelJson = JSON.parse(readFileSync(new URL('model.json', fixture), 'utf8')) as {
      modelTopology: tf.io.ModelArtifacts['modelTopology'];
      weightsManifest: tf.io.WeightsManifestConfig;
    };
    const weights = readFileSync(new URL('weights.bin', fixture));
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }));
    expect(model.layers.map((layer) => layer.getClassName())).toEqual(['FusedLSTM', 'FastDropout', 'FusedGRU', 'Dense']);
    expect(model.layers[0]).toBeInstanceOf(FusedLSTM);
    expect(model.layers[2]).toBeInstanceOf(FusedGRU);
    const x = tf.tensor3d(Array.from({ length: 3 * 5 * 2 }, (_, i) => Math.sin(i)), [3, 5, 2]);
    const predictions = Array.from((model.predict(x) as tf.Tensor).dataSync());
    // Both kernel builds (relaxed SIMD and SIMD128) agree with the saved values to ~1e-9.
    predictions.forEach((value, i) => expect(value).toBeCloseTo(PREDICTIONS_WHEN_SAVED[i], 7));
    expect((model.layers[0] as FusedLSTM).lastStockPathReason).toBeUndefined();
    expect((model.layers[2] as FusedGRU).lastStockPathReason).toBeUndefined();
    model.dispose();
    x.dispose();
  });
});
