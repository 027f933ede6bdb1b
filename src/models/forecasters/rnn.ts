import { z } from 'zod';
import { networkForecaster } from './network-forecaster.ts';
import { denseHeadShape, dropoutRate, trainingShape, units } from './network-params.ts';

const params = z.strictObject({
  type: z.literal('rnn'),
  /** Units of each stacked SimpleRNN layer (the articles' SimpleRNN(50) -> Dropout(0.2) -> SimpleRNN(50) -> Dense(1)). */
  layers: z.array(units).min(1).default([50, 50]),
  /** Dropout between consecutive layers. */
  dropout: dropoutRate.default(0.2),
  activation: z.enum(['tanh', 'relu']).default('tanh'),
  ...denseHeadShape,
  ...trainingShape,
});
export type RnnParams = z.output<typeof params>;

/** Stacked SimpleRNN layers (Elman cells, h_t = act(W x_t + U h_{t-1} + b)), Dense head. */
export const rnn = networkForecaster<RnnParams>({
  type: 'rnn',
  description: 'stacked SimpleRNN layers, Dense head',
  params,
  fusedKernelReplacements: false,
  build(tf, kit, p, options) {
    const model = tf.sequential();
    p.layers.forEach((layerUnits, i) => {
      const last = i === p.layers.length - 1;
      // The kit's recurrent layer: the fused SimpleRNN on wasm/cpu.
      model.add(
        kit.createRecurrentLayer(
          tf,
          'rnn',
          {
            units: layerUnits,
            activation: p.activation,
            returnSequences: !last,
            recurrentDropout: 0,
            l2: p.l2,
            inputShape: i === 0 ? [options.lookback, options.featureCount] : undefined,
          },
          options,
        ),
      );
      if (!last && p.dropout > 0) model.add(kit.fastDropout({ rate: p.dropout }));
    });
    for (const layer of kit.denseHeadLayers(tf, p)) model.add(layer);
    return { model: kit.compileNetwork(tf, model, p, options) };
  },
});
