/**
 * `npx tsx bench/forecaster-step.ts [--engine wasm] [--types a,b] [--batches N]`: milliseconds per
 * training batch of each network type as seed-models.yaml configures it (window 30, 8 features,
 * batch 32), plus larger variants, built by the registry's buildNetwork: where a type's time goes,
 * one process, side by side. Shared machines drift: compare figures of one run only.
 */
import { parseArgs } from 'node:util';
import { loadEngine } from '../src/models/engine.ts';
import { buildNetwork, modelConfigSchema } from '../src/models/forecasters/index.ts';
import { withSeededMathRandom } from '../src/models/seeded-math-random.ts';

const { values } = parseArgs({ options: { engine: { type: 'string', default: 'wasm' }, types: { type: 'string' }, batches: { type: 'string', default: '20' }, lookback: { type: 'string', default: '30' } } });
const configs: Record<string, Record<string, unknown>> = {
  lstm: { type: 'lstm', layers: [32] },
  gru: { type: 'gru', layers: [32] },
  'lstm-gru': { type: 'lstm-gru', layers: [32, 32], dropout: 0.2 },
  rnn: { type: 'rnn', layers: [32] },
  'rnn-2x32': { type: 'rnn', layers: [32, 32], dropout: 0.2 },
  cnn: { type: 'cnn', filters: [32], dense: [32] },
  'cnn-2x32-dilated': { type: 'cnn', filters: [32, 32], dilation: 2, dense: [32] },
  'cnn-lstm': { type: 'cnn-lstm', filters: [32], layers: [32] },
  'attention-lstm': { type: 'attention-lstm', layers: [32], attentionUnits: 16 },
  transformer: { type: 'transformer', modelDim: 16, heads: 2, feedForwardUnits: 32, blocks: 1 },
  'transformer-32x4': { type: 'transformer', modelDim: 32, heads: 4, feedForwardUnits: 64, blocks: 1 },
};
const engineRequest = values.engine as 'wasm' | 'cpu';
const { tf, engine } = await loadEngine(engineRequest);
const lookback = Number(values.lookback);
const batches = Number(values.batches);
const types = values.types ? values.types.split(',') : Object.keys(configs);
const batch = 32;
const x = tf.randomNormal([batch * batches, lookback, 8], 0, 1, 'float32', 1);
const y = tf.randomNormal([batch * batches, 1], 0, 1, 'float32', 2);
console.log(`engine ${engine}, window ${lookback} x 8, batch ${batch}, ${batches} batches per epoch`);
for (const type of types) {
  const config = modelConfigSchema.parse(configs[type]);
  const { model } = await withSeededMathRandom(1, async () => buildNetwork(tf, config, { lookback, featureCount: 8, engine, fused: true }));
  await model.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0 }); // warm-up: kernels compiled, buffers allocated
  const started = performance.now();
  await model.fit(x, y, { epochs: 2, batchSize: batch, verbose: 0 });
  const msPerBatch = (performance.now() - started) / (2 * batches);
  console.log(`${type.padEnd(16)} ${msPerBatch.toFixed(1).padStart(7)} ms/batch  ${((batch * 1000) / msPerBatch).toFixed(0).padStart(6)} samples/s  ${model.countParams()} weights`);
  model.optimizer?.dispose();
  model.dispose();
}
