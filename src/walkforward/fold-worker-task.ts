/**
 * The task a fold worker runs: `trainFold` with its per-epoch callback turned into events the
 * pool relays to the main thread (callbacks cannot cross threads).
 */
import type { FoldJob, FoldOutput } from './fold-job.ts';
import { trainFold } from './train-fold.ts';

export interface EpochEvent {
  epoch: number;
  loss: number;
  validationLoss?: number;
}

export function trainFoldTask(job: FoldJob, _progress: unknown, emit: (event: EpochEvent) => void): Promise<FoldOutput> {
  return trainFold(job, (epoch, loss, validationLoss) => emit({ epoch, loss, validationLoss }));
}
