import { z } from 'zod';
import { networkForecaster } from './network-forecaster.ts';
import { convolutionShape, convolvedLength, trainingShape, units } from './network-params.ts';

const params = z.strictObject({
  type: z.literal('cnn'),
  ...convolutionShape,
  /** Hidden Dense layers after Flatten (the articles' Dense(50, relu)), then Dense(1). */
  dense: z.array(units).default([50]),
  denseActivation: z.enum(['linear', 'relu', 'tanh']).default('relu'),
  ...trainingShape,
});
export type CnnParams = z.output<typeof params>;

/**
 * A 1-D CNN: Conv1D layers over the window (causal, optionally dilated), pooling, Flatten, Dense
 * layers, Dense(1). Defaults: the articles' Conv1D(64, 3, relu) -> MaxPooling1D(2) -> Flatten ->
 * Dense(50, relu) -> Dense(1).
 */
export const cnn = networkForecaster<CnnParams>({
  type: 'cnn',
  description: 'Conv1D stack, pooling, Flatten, Dense head',
  params,
  fusedKernelReplacements: true,
  checkShape: (p, lookback) =>
    convolvedLength(p, lookback) >= 1
      ? []
      : [{ path: ['filters'], message: `the conv stack and pooling leave no steps of a ${lookback}-bar window (lower kernelSize, dilation or poolSize, or use padding: causal)` }],
  build(tf, kit, p, options) {
    const model = tf.sequential();
    const layers = [...kit.convolutionLayers(tf, p, [options.lookback, options.featureCount], p.l2), tf.layers.flatten(), ...kit.denseHeadLayers(tf, p)];
    for (const layer of layers) model.add(layer);
    return { model: kit.compileNetwork(tf, model, p, options) };
  },
});
