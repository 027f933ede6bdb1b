import { z } from 'zod';
import { networkForecaster } from './network-forecaster.ts';
import { convolutionShape, convolvedLength, recurrentShape, units } from './network-params.ts';

const params = z.strictObject({
  type: z.literal('cnn-lstm'),
  ...convolutionShape,
  ...recurrentShape,
  /** LSTM layers after the conv front end (the articles' single LSTM(50)). */
  layers: z.array(units).min(1).default([50]),
});
export type CnnLstmParams = z.output<typeof params>;

/**
 * A Conv1D front end (causal, pooled) feeding stacked LSTM layers, then the Dense head. Defaults:
 * the articles' Conv1D(64, 3, relu) -> MaxPooling1D(2) -> LSTM(50) -> Dense(1).
 */
export const cnnLstm = networkForecaster<CnnLstmParams>({
  type: 'cnn-lstm',
  description: 'Conv1D front end, stacked LSTM layers, Dense head',
  params,
  fusedKernelReplacements: true,
  checkShape: (p, lookback) =>
    convolvedLength(p, lookback) >= 1
      ? []
      : [{ path: ['filters'], message: `the conv stack and pooling leave no steps of a ${lookback}-bar window for the LSTM` }],
  build(tf, kit, p, options) {
    const model = tf.sequential();
    const layers = [
      ...kit.convolutionLayers(tf, p, [options.lookback, options.featureCount], p.l2),
      ...kit.recurrentStack(tf, p, () => 'lstm', options),
      ...kit.denseHeadLayers(tf, p),
    ];
    for (const layer of layers) model.add(layer);
    return { model: kit.compileNetwork(tf, model, p, options) };
  },
});
