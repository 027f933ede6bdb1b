import { z } from 'zod';
import { networkForecaster } from './network-forecaster.ts';
import { denseHeadShape, dropoutRate, trainingShape, units } from './network-params.ts';

const params = z.strictObject({
  type: z.literal('transformer'),
  /** Width every step is projected to (Dense) before the encoder blocks. */
  modelDim: units.default(32),
  heads: z.number().int().min(1).max(64).default(4),
  /** Width of each head; default modelDim / heads. */
  keyDim: units.optional(),
  /** Hidden width of each block's feed-forward part. */
  feedForwardUnits: units.default(64),
  blocks: z.number().int().min(1).max(16).default(2),
  /** After the attention and the feed-forward part of each block, before the residual sum. */
  dropout: dropoutRate.default(0.1),
  positionalEncoding: z.enum(['sinusoidal', 'learned', 'none']).default('sinusoidal'),
  /** How the encoded window becomes one vector: the mean over its steps, or its last step. */
  pooling: z.enum(['average', 'last']).default('average'),
  ...denseHeadShape,
  ...trainingShape,
});
export type TransformerParams = z.output<typeof params>;

/**
 * A Transformer encoder (Vaswani et al. 2017) over the window, in the pre-norm form of the Keras
 * time-series example: per block x += Dropout(MHA(LayerNorm(x))), x += Dropout(FF(LayerNorm(x)))
 * with FF = Dense(feedForwardUnits, relu) -> Dense(modelDim). Steps are projected to modelDim and
 * given positions first; the encoded window is pooled, then the Dense head. The last block's
 * attention (mean over heads and query steps) per fold goes into results.json.
 */
export const transformer = networkForecaster<TransformerParams>({
  type: 'transformer',
  description: 'Transformer encoder blocks (multi-head self-attention, feed-forward, layer norm, residuals), pooling, Dense head',
  params: params.superRefine((p, ctx) => {
    if (p.keyDim === undefined && p.modelDim % p.heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['heads'], message: `must divide modelDim (${p.modelDim}), or give keyDim` });
    }
  }),
  fusedKernelReplacements: true,
  build(tf, kit, p, options) {
    const regularizer = p.l2 > 0 ? tf.regularizers.l2({ l2: p.l2 }) : undefined;
    const dense = (width: number, activation?: 'relu') => tf.layers.dense({ units: width, activation, kernelRegularizer: regularizer });
    const input = tf.input({ shape: [options.lookback, options.featureCount] });
    let x = kit.symbolic(tf, dense(p.modelDim).apply(input));
    if (p.positionalEncoding !== 'none') x = kit.symbolic(tf, kit.positionalEncoding({ kind: p.positionalEncoding }).apply(x));
    const keyDim = p.keyDim ?? p.modelDim / p.heads;
    let lastAttention: { layer: ReturnType<typeof kit.multiHeadSelfAttention>; input: import('@tensorflow/tfjs').SymbolicTensor } | undefined;
    for (let block = 0; block < p.blocks; block++) {
      const normed = kit.symbolic(tf, kit.layerNorm({ epsilon: 1e-6 }).apply(x));
      const attention = kit.multiHeadSelfAttention({ numHeads: p.heads, keyDim, l2: p.l2 });
      lastAttention = { layer: attention, input: normed };
      const attended = kit.applyInOrder(tf, [attention, kit.fastDropout({ rate: p.dropout })], normed);
      x = kit.symbolic(tf, tf.layers.add().apply([x, attended]));
      const fed = kit.applyInOrder(
        tf,
        [kit.layerNorm({ epsilon: 1e-6 }), dense(p.feedForwardUnits, 'relu'), dense(p.modelDim), kit.fastDropout({ rate: p.dropout })],
        x,
      );
      x = kit.symbolic(tf, tf.layers.add().apply([x, fed]));
    }
    const pooled = kit.symbolic(tf, (p.pooling === 'average' ? tf.layers.globalAveragePooling1d({}) : kit.lastStep()).apply(x));
    const output = kit.applyInOrder(tf, kit.denseHeadLayers(tf, p), pooled);
    const model = kit.compileNetwork(tf, tf.model({ inputs: input, outputs: output }), p, options);
    const watched = lastAttention!;
    const encoder = tf.model({ inputs: input, outputs: watched.input });
    return {
      model,
      // Last block: weights [windows, heads, queries, keys] -> mean over heads and queries -> [windows, keys].
      attention: (windows) => tf.tidy(() => tf.mean(tf.mean(watched.layer.attentionWeights(encoder.predict(windows)), 1), 1)),
    };
  },
});
