/**
 * `npx tsx bench/forecaster-step.ts [--engine wasm] [--types a,b] [--batches N] [--bench-blocks] [--profile]`:
 * milliseconds per training batch of each network type as seed-models.yaml configures it (window
 * 30, 8 features, batch 32), plus larger variants, built by the registry's buildNetwork: where a
 * type's time goes, one process, side by side. Shared machines drift: compare figures of one run only.
 * --bench-blocks: the blocks `npm run bench:lstm` trains instead (bench/network-types.ts: each
 * type's defaults, 50 recurrent units; use with --lookback 60). --profile: one more batch under
 * tf.profile, its tfjs kernels by total time; "outside kernels" is the rest of the batch (the fused
 * layers' calls, which are not tfjs kernels, and JavaScript).
 */
import { parseArgs } from 'node:util';
import { loadEngine } from '../src/models/engine.ts';
import { buildNetwork, modelConfigSchema } from '../src/models/forecasters/index.ts';
import { withSeededMathRandom } from '../src/models/seeded-math-random.ts';
import { NETWORK_TYPES, benchModelBlock } from './network-types.ts';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'wasm' }, types: { type: 'string' }, batches: { type: 'string', default: '20' }, lookback: { type: 'string', default: '30' },
    'bench-blocks': { type: 'boolean', default: false }, profile: { type: 'boolean', default: false },
  },
});
const seedConfigs: Record<string, Record<string, unknown>> = {
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
const configs = values['bench-blocks'] ? Object.fromEntries(NETWORK_TYPES.map((type) => [type, benchModelBlock(type, 50)])) : seedConfigs;
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
  if (values.profile) await profileBatch(model);
  model.optimizer?.dispose();
  model.dispose();
}

/** One training batch under tf.profile: its tfjs kernels by total time, and the time outside them. */
async function profileBatch(model: import('@tensorflow/tfjs').LayersModel): Promise<void> {
  const xb = tf.slice(x, 0, batch);
  const yb = tf.slice(y, 0, batch);
  const started = performance.now();
  const info = await tf.profile(async () => {
    await model.trainOnBatch(xb, yb);
  });
  const wallMs = performance.now() - started;
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const kernel of info.kernels) {
    const time = await kernel.kernelTimeMs;
    const entry = byName.get(kernel.name) ?? { ms: 0, calls: 0 };
    entry.ms += typeof time === 'number' ? time : 0;
    entry.calls++;
    byName.set(kernel.name, entry);
  }
  const kernelMs = [...byName.values()].reduce((sum, e) => sum + e.ms, 0);
  const top = [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
  console.log(`  profiled batch ${wallMs.toFixed(1)} ms: ${info.kernels.length} tfjs kernel calls ${kernelMs.toFixed(1)} ms, outside kernels ${(wallMs - kernelMs).toFixed(1)} ms`);
  console.log(`  ${top.map(([name, e]) => `${name} ${e.ms.toFixed(1)} ms/${e.calls}`).join(', ')}`);
  tf.dispose([xb, yb]);
}
