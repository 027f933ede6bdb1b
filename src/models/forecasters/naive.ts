import { z } from 'zod';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { windowCount, type Forecaster } from './forecaster.ts';
import { seedShape } from './network-params.ts';

const params = z.strictObject({ type: z.literal('naive'), ...seedShape });
export type NaiveParams = z.output<typeof params>;

/** Tomorrow's close = today's: a zero log return, whatever the data. The baseline every model must beat. */
export const naive: Forecaster<NaiveParams> = {
  type: 'naive',
  description: 'zero return (tomorrow = today)',
  params,
  needsTfjs: () => false,
  epochsPerFold: () => 1,
  async trainFold(job) {
    if (job.saveModelDir) {
      await mkdir(job.saveModelDir, { recursive: true });
      await writeFile(path.join(job.saveModelDir, 'naive.json'), JSON.stringify({ type: 'naive' }));
    }
    return {
      foldIndex: job.foldIndex,
      forecasts: new Float64Array(windowCount(job.xTest, job)),
      engine: 'none',
      epochsRun: 0,
      bestEpoch: 0,
      trainLoss: [],
      validationLoss: [],
      trainSeconds: 0,
    };
  },
  // Nothing to reload: the forecast is zero.
  forecastSaved: async (job) => ({ forecasts: new Float64Array(windowCount(job.xTest, job)) }),
};
