import { z } from 'zod';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fitRidge, predictRidge, type RidgeModel } from '../ridge.ts';
import { destandardise, windowCount, type FoldJob, type Forecaster } from './forecaster.ts';
import { seedShape } from './network-params.ts';

const params = z.strictObject({
  type: z.literal('linear'),
  /** Ridge penalty (on standardised features). */
  ridgeAlpha: z.number().min(0).default(1),
  ...seedShape,
});
export type LinearParams = z.output<typeof params>;

/** Ridge regression on the last feature row of each window: the simplest model that can learn. */
export const linear: Forecaster<LinearParams> = {
  type: 'linear',
  description: 'ridge regression on the last row of each window',
  params,
  needsTfjs: () => false,
  epochsPerFold: () => 1,
  async trainFold(job) {
    const started = performance.now();
    const width = job.featureCount;
    const x = concat(lastRows(job.xTrain, job), lastRows(job.xValidation, job));
    const y = concat(job.yTrain, job.yValidation);
    const ridge = fitRidge(x, y, width, job.model.ridgeAlpha);
    const fitted = predictRidge(ridge, x, width);
    let squares = 0;
    for (let i = 0; i < y.length; i++) squares += (fitted[i] - y[i]) ** 2;
    if (job.saveModelDir) {
      await mkdir(job.saveModelDir, { recursive: true });
      const saved = { type: 'linear', weights: Array.from(ridge.weights), intercept: ridge.intercept };
      await writeFile(path.join(job.saveModelDir, 'ridge.json'), JSON.stringify(saved));
    }
    return {
      foldIndex: job.foldIndex,
      forecasts: forecast(ridge, job),
      engine: 'none',
      epochsRun: 1,
      bestEpoch: 1,
      trainLoss: [squares / y.length],
      validationLoss: [],
      trainSeconds: (performance.now() - started) / 1000,
    };
  },
  async forecastSaved(job) {
    if (!job.saveModelDir) throw new Error('forecastSaved: the job has no saveModelDir');
    const saved = z
      .object({ weights: z.array(z.number()), intercept: z.number() })
      .parse(JSON.parse(await readFile(path.join(job.saveModelDir, 'ridge.json'), 'utf8')));
    return { forecasts: forecast({ weights: Float64Array.from(saved.weights), intercept: saved.intercept }, job) };
  },
};

// Rounded through float32 as network predictions are (and as this baseline always was).
function forecast(ridge: RidgeModel, job: FoldJob<LinearParams>): Float64Array {
  return destandardise(Float32Array.from(predictRidge(ridge, lastRows(job.xTest, job), job.featureCount)), job);
}

/** The last feature row of every window: what the linear baseline sees. */
function lastRows(windows: Float32Array, job: FoldJob<LinearParams>): Float32Array {
  const windowSize = job.lookback * job.featureCount;
  const count = windowCount(windows, job);
  const out = new Float32Array(count * job.featureCount);
  for (let i = 0; i < count; i++) {
    out.set(windows.subarray((i + 1) * windowSize - job.featureCount, (i + 1) * windowSize), i * job.featureCount);
  }
  return out;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
