import type { WalkForwardConfig } from './walkforward-config.ts';

/** One walk-forward fold as bar indices; every range is half-open [start, end). */
export interface FoldPlan {
  index: number;
  /** Bars whose features and targets may be used for fitting (scaler and model). */
  trainStart: number;
  trainEnd: number;
  /** Bars whose forecasts this fold makes; testStart = trainEnd + purgeBars. */
  testStart: number;
  testEnd: number;
}

/**
 * Fold boundaries depend only on the bar count and the sizes: fold k trains on bars before
 * trainBars + k * stepBars and tests from purgeBars later. Running on a prefix of the data gives
 * a prefix of these folds (the last one possibly with a shorter test window), so out-of-sample
 * forecasts for a bar never depend on how much data follows it.
 */
export function planFolds(barCount: number, config: WalkForwardConfig): FoldPlan[] {
  const folds: FoldPlan[] = [];
  for (let index = 0; ; index++) {
    const trainEnd = config.trainBars + index * config.stepBars;
    const testStart = trainEnd + config.purgeBars;
    if (testStart >= barCount) break;
    const trainStart = config.scheme === 'rolling' ? trainEnd - config.trainBars : 0;
    folds.push({ index, trainStart, trainEnd, testStart, testEnd: Math.min(testStart + config.testBars, barCount) });
  }
  return folds;
}

/** The fewest bars that give one fold with at least one test bar. */
export function minimumBarsForOneFold(config: WalkForwardConfig): number {
  return config.trainBars + config.purgeBars + 1;
}
