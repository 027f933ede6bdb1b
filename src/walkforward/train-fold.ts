import type { FoldOutput, FoldProgress } from '../models/forecasters/forecaster.ts';
import { forecasterFor, type ModelFoldJob } from '../models/forecasters/index.ts';

/**
 * Train one fold's model and forecast its test windows, by the forecaster its `model.type` names.
 * A pure function of `job` (plus the engine): the same job gives the same output in any thread or process.
 */
export function trainFold(job: ModelFoldJob, onProgress?: (progress: FoldProgress) => void): Promise<FoldOutput> {
  return forecasterFor(job.model).trainFold(job, onProgress);
}
