// Training any new network type for 20 epochs keeps tfjs's tensor count and bytes and the fused
// kernel's wasm heap flat from epoch to epoch, and leaves nothing behind (see fused/training.test.ts).
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../../src/models/engine.ts';
import { modelConfigSchema } from '../../../src/models/forecasters/index.ts';
import { fusedHeapStats } from '../../../src/models/fused/index.ts';
import { trainFold } from '../../../src/walkforward/train-fold.ts';
import { mulberry32 } from '../../../src/core/seeded-random.ts';

const fit = { epochs: 20, batchSize: 16, patience: 0, learningRate: 0.01 };
const cases: Array<[string, Record<string, unknown>]> = [
  ['rnn', { type: 'rnn', layers: [6, 4], dropout: 0.2, ...fit }],
  ['cnn', { type: 'cnn', filters: [6, 6], dilation: 2, ...fit }],
  ['cnn-lstm', { type: 'cnn-lstm', filters: [6], layers: [6], dropout: 0.1, ...fit }],
  ['attention-lstm', { type: 'attention-lstm', layers: [6, 4], attentionUnits: 4, dropout: 0.1, ...fit }],
  ['transformer', { type: 'transformer', modelDim: 8, heads: 2, feedForwardUnits: 8, blocks: 2, positionalEncoding: 'learned', ...fit }],
  ['ensemble', { type: 'ensemble', members: [{ type: 'lstm', layers: [4], ...fit, epochs: 10 }, { type: 'cnn', filters: [4], ...fit, epochs: 10 }] }],
];

function windows(count: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: count * 8 * 3 }, () => random() * 2 - 1);
}

describe('no memory growth over 20 epochs (wasm, fused)', () => {
  it.each(cases)('%s', async (_type, model) => {
    const { tf } = await loadEngine('wasm');
    const tensorsBefore = tf.memory().numTensors;
    const perEpoch: Array<{ tensors: number; bytes: number; heap: number; live: number }> = [];
    const xTrain = windows(40, 1);
    const output = await trainFold(
      {
        foldIndex: 0,
        seed: 3,
        engine: 'wasm',
        fused: true,
        model: modelConfigSchema.parse(model),
        lookback: 8,
        featureCount: 3,
        xTrain,
        yTrain: Float32Array.from({ length: 40 }, (_, i) => xTrain[i * 24 + 23]),
        xValidation: windows(10, 2),
        yValidation: Float32Array.from({ length: 10 }, (_, i) => Math.sin(i)),
        xTest: windows(5, 3),
        targetMean: 0,
        targetScale: 1,
      },
      (progress) => {
        if (progress.kind !== 'epoch') return;
        const memory = tf.memory();
        const heap = fusedHeapStats();
        perEpoch.push({ tensors: memory.numTensors, bytes: memory.numBytes, heap: heap.memoryBytes, live: heap.liveBytes });
      },
    );
    expect(perEpoch).toHaveLength(20);
    expect(output.epochsRun).toBe(20);
    // From each model's second epoch on (the first allocates Adam's moments and the best-weights
    // copy); an ensemble's members train one after another, 10 epochs each.
    const phases = model.type === 'ensemble' ? [perEpoch.slice(1, 10), perEpoch.slice(11)] : [perEpoch.slice(1)];
    for (const later of phases) {
      for (const key of ['tensors', 'bytes', 'heap', 'live'] as const) {
        expect(new Set(later.map((epoch) => epoch[key])).size, `${key} per epoch: ${later.map((epoch) => epoch[key])}`).toBe(1);
      }
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
