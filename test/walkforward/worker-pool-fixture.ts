/** Task functions the worker-pool tests run inside workers (and in-process, for the serial run). */
import { threadId } from 'node:worker_threads';
import { UserError } from '../../src/core/errors.ts';
import { loadEngine } from '../../src/models/engine.ts';
import type { ProgressSink } from '../../src/core/progress.ts';

export interface SumJob {
  index: number;
  values: Float64Array;
}

export function sumWithProgress(job: SumJob, progress: ProgressSink): { index: number; sum: number; threadId: number; pid: number } {
  const task = progress.start(`job ${job.index}`, job.values.length);
  let sum = 0;
  job.values.forEach((value, k) => {
    sum += value;
    task.update(k + 1, { sum });
  });
  task.stop();
  return { index: job.index, sum, threadId, pid: process.pid };
}

export function failOn(job: { index: number; failAt: number; userError: boolean }): number {
  if (job.index === job.failAt) {
    if (job.userError) throw new UserError(`bad fold ${job.index}`);
    throw new RangeError(`fold ${job.index} blew up`);
  }
  return job.index;
}

export interface TinyFitJob {
  seed: number;
  engine: 'wasm' | 'cpu';
  x: Float32Array;
  y: Float32Array;
  rows: number;
  lookback: number;
  features: number;
}

/** A tiny seeded LSTM fitted for 2 epochs without shuffling: its predictions must not depend on where it runs. */
export async function fitTinyLstm(job: TinyFitJob, progress: ProgressSink): Promise<{ predictions: Float32Array; losses: number[] }> {
  const { tf } = await loadEngine(job.engine);
  const model = tf.sequential();
  model.add(tf.layers.lstm({
    units: 4,
    inputShape: [job.lookback, job.features],
    recurrentActivation: 'sigmoid',
    kernelInitializer: tf.initializers.glorotUniform({ seed: job.seed }),
    recurrentInitializer: tf.initializers.glorotUniform({ seed: job.seed + 1 }),
  }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: job.seed + 2 }) }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  const x = tf.tensor3d(job.x, [job.rows, job.lookback, job.features]);
  const y = tf.tensor2d(job.y, [job.rows, 1]);
  const bar = progress.start(`fit seed ${job.seed}`, 2);
  const history = await model.fit(x, y, {
    epochs: 2,
    batchSize: 8,
    shuffle: false,
    verbose: 0,
    callbacks: { onEpochEnd: async (epoch, logs) => bar.update(epoch + 1, { loss: logs?.loss ?? NaN }) },
  });
  bar.stop();
  const predicted = model.predict(x) as import('@tensorflow/tfjs').Tensor;
  const predictions = (await predicted.data()) as Float32Array;
  tf.dispose([x, y, predicted]);
  model.dispose();
  return { predictions, losses: history.history.loss as number[] };
}
