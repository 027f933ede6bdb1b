/**
 * The task a fold worker runs: `trainFold` with its progress (epochs, batches of slow epochs)
 * turned into events the pool relays to the main thread (callbacks cannot cross threads).
 */
import type { FoldJob, FoldOutput, FoldProgress } from './fold-job.ts';
import { trainFold } from './train-fold.ts';

export function trainFoldTask(job: FoldJob, _progress: unknown, emit: (event: FoldProgress) => void): Promise<FoldOutput> {
  return trainFold(job, emit);
}
