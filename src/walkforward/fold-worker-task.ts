/**
 * The task a fold worker runs: `trainFold` with its progress (epochs, batches of slow epochs)
 * turned into events the pool relays to the main thread (callbacks cannot cross threads).
 */
import type { FoldOutput, FoldProgress } from '../models/forecasters/forecaster.ts';
import type { ModelFoldJob } from '../models/forecasters/index.ts';
import { trainFold } from './train-fold.ts';

export function trainFoldTask(job: ModelFoldJob, _progress: unknown, emit: (event: FoldProgress) => void): Promise<FoldOutput> {
  return trainFold(job, emit);
}
