import { z } from 'zod';
import { networkForecaster } from './network-forecaster.ts';
import { recurrentShape, units } from './network-params.ts';

const params = z.strictObject({
  type: z.literal('attention-lstm'),
  ...recurrentShape,
  /** LSTM layers; the last returns its whole sequence for the attention to pool. */
  layers: z.array(units).min(1).default([50]),
  /** Width of the additive attention's scoring layer. */
  attentionUnits: units.default(32),
});
export type AttentionLstmParams = z.output<typeof params>;

/**
 * LSTM layers returning sequences, additive (Bahdanau) attention pooling over the lookback window,
 * Dense head. Its per-fold mean attention weights over the window's bars go into results.json.
 */
export const attentionLstm = networkForecaster<AttentionLstmParams>({
  type: 'attention-lstm',
  description: 'LSTM returning sequences, additive attention pooling over the window, Dense head',
  params,
  fusedKernelReplacements: true,
  build(tf, kit, p, options) {
    const input = tf.input({ shape: [options.lookback, options.featureCount] });
    const sequence = kit.applyInOrder(tf, kit.recurrentStack(tf, p, () => 'lstm', options, { returnSequences: true }), input);
    const attention = kit.additiveAttentionPooling({ units: p.attentionUnits, l2: p.l2 });
    const output = kit.applyInOrder(tf, [attention, ...kit.denseHeadLayers(tf, p)], sequence);
    const model = kit.compileNetwork(tf, tf.model({ inputs: input, outputs: output }), p, options);
    // The LSTM stack alone (same layers, no new weights): what the attention scores.
    const encoder = tf.model({ inputs: input, outputs: sequence });
    return {
      model,
      attention: (windows) =>
        tf.tidy(() => attention.attentionWeights(encoder.predict(windows))),
    };
  },
});
