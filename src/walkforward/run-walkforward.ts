import type { Bar } from '../data/bar.ts';
import { UserError } from '../core/errors.ts';
import { computeFeatureMatrix } from '../features/compute-features.ts';
import type { FeatureSpec } from '../features/feature-spec.ts';
import { computeTarget } from '../features/target.ts';
import type { EngineRequest } from '../core/engine-request.ts';
import type { FoldOutput } from '../models/forecasters/forecaster.ts';
import { forecasterFor, type ModelConfig, type ModelFoldJob } from '../models/forecasters/index.ts';
import { modelName } from '../models/forecasters/plugin-forecaster.ts';
import { deriveSeed } from '../core/seeded-random.ts';
import type { ProgressSink } from '../core/progress.ts';
import type { FoldRunner } from './fold-job.ts';
import type { FoldModelDescription, FoldModelStore } from './fold-model-store.ts';
import { runFoldsThroughStore } from './run-folds-through-store.ts';
import { trainingDataHash } from './training-data-hash.ts';
import { computeForecastMetrics } from './forecast-metrics.ts';
import { planFolds, type FoldPlan } from './plan-folds.ts';
import type { FoldRecord, WalkForwardReport } from './report-types.ts';
import { fitScaler, scaleRows, type Scaler } from './scaler.ts';
import { trainFold } from './train-fold.ts';
import type { WalkForwardConfig } from './walkforward-config.ts';

export interface WalkForwardSettings {
  features: readonly FeatureSpec[];
  horizon: number;
  lookback: number;
  scaler: 'minmax' | 'zscore';
  walkforward: WalkForwardConfig;
  model: ModelConfig;
  seed: number;
  engine: EngineRequest;
  fused: boolean;
  saveModelsDir?: string;
  progress?: ProgressSink;
  /** Label of the progress bar (e.g. the strategy type and model). */
  label?: string;
  /** How fold jobs run; default: one after another in this thread. */
  runFolds?: FoldRunner;
  /** Report batches within an epoch once it has run this long (ms; default 2000). Progress only. */
  slowEpochMs?: number;
  /**
   * Forecasts are needed only from this bar on (a signal needs its last bars): folds whose test
   * windows all end before it are not run. Default 0: every fold.
   */
  fromBar?: number;
  /** Reuse saved fold models where one matches the fold, and save the ones trained (signals). */
  foldStore?: FoldModelStore;
}

/** A fold's windows, scaled with its training-only scaler, ready to train. */
export interface PreparedFold {
  plan: FoldPlan;
  job: ModelFoldJob;
  /** Feature scaler fitted on this fold's training rows only. */
  scaler: Scaler;
  /** Bar index of each test window's last row (the bar its forecast is made at). */
  testBars: number[];
  targetMean: number;
  targetScale: number;
}

/** Smallest number of training windows a fold may have. */
const MIN_TRAIN_SAMPLES = 8;

/** What a fold-plan check needs of the settings (no model, no training). */
export type FoldShape = Pick<WalkForwardSettings, 'features' | 'horizon' | 'lookback' | 'walkforward'>;

/** How one fold's training rows split into windows. */
interface FoldSamples {
  /** First row the scaler is fitted on: the later of trainStart and the features' first valid row. */
  fitStart: number;
  /** Row the first training window ends at. */
  firstSampleEnd: number;
  /** Training windows, validation tail included. */
  sampleCount: number;
  validationCount: number;
  /** Windows fitted on (the validation tail and the windows whose targets reach into it left out). */
  trainCount: number;
}

function foldSamples(plan: FoldPlan, firstValidRow: number, shape: FoldShape): FoldSamples {
  const { lookback, horizon, walkforward } = shape;
  const fitStart = Math.max(plan.trainStart, firstValidRow);
  const firstSampleEnd = fitStart + lookback - 1;
  const sampleCount = plan.trainEnd - firstSampleEnd;
  const validationCount = Math.floor(Math.max(0, sampleCount) * walkforward.validationFraction);
  // Drop the horizon-1 training windows whose targets reach into the validation tail, so early
  // stopping is judged on returns the fitted part never saw.
  const validationGap = validationCount > 0 ? horizon - 1 : 0;
  return { fitStart, firstSampleEnd, sampleCount, validationCount, trainCount: sampleCount - validationCount - validationGap };
}

/**
 * The first reason `barCount` bars cannot be walked forward with these settings (no fold fits,
 * or a fold has too few training windows), or undefined. Needs no training, so `validate` and a
 * run's pre-flight check use it as prepareFolds does.
 */
function foldPlanProblem(plans: readonly FoldPlan[], barCount: number, firstValidRow: number, shape: FoldShape): string | undefined {
  const { lookback, walkforward } = shape;
  if (plans.length === 0) {
    return (
      `walkforward.trainBars: one fold needs trainBars (${walkforward.trainBars}) + purgeBars (${walkforward.purgeBars}) + 1 test bar = ` +
      `${walkforward.trainBars + walkforward.purgeBars + 1} bars; the data has ${barCount}`
    );
  }
  for (const plan of plans) {
    const { sampleCount, trainCount } = foldSamples(plan, firstValidRow, shape);
    if (sampleCount < MIN_TRAIN_SAMPLES) {
      return (
        `walkforward.trainBars: fold ${plan.index} has ${Math.max(0, sampleCount)} training windows after the ` +
        `${firstValidRow}-bar feature warm-up and lookback ${lookback}; needs >= ${MIN_TRAIN_SAMPLES} (raise trainBars)`
      );
    }
    if (trainCount < MIN_TRAIN_SAMPLES) {
      return `walkforward.validationFraction: fold ${plan.index} keeps ${trainCount} training windows after the validation tail; needs >= ${MIN_TRAIN_SAMPLES}`;
    }
  }
  return undefined;
}

/** The problems (at most one) that stop a walk-forward of these bars before any training. */
export function checkFolds(bars: readonly Bar[], shape: FoldShape): string[] {
  const matrix = computeFeatureMatrix(shape.features, bars);
  const problem = foldPlanProblem(planFolds(bars.length, shape.walkforward), bars.length, matrix.firstValidRow, shape);
  return problem === undefined ? [] : [problem];
}

/**
 * Build every fold's job. Fold k's scaler and target standardisation are fitted on bars
 * [trainStart, trainEnd) only; its training windows end inside that range and their targets are
 * known by testStart because purgeBars >= horizon.
 */
export function prepareFolds(bars: readonly Bar[], settings: WalkForwardSettings): { folds: PreparedFold[]; firstValidRow: number; labels: string[]; target: Float64Array } {
  const { lookback, walkforward } = settings;
  const matrix = computeFeatureMatrix(settings.features, bars);
  const target = computeTarget(bars, settings.horizon);
  const allPlans = planFolds(bars.length, walkforward);
  const problem = foldPlanProblem(allPlans, bars.length, matrix.firstValidRow, settings);
  if (problem !== undefined) throw new UserError(problem);
  const fromBar = settings.fromBar ?? 0;
  const plans = allPlans.filter((plan) => plan.testEnd > fromBar);
  const featureCount = matrix.columns.length;
  const windowSize = lookback * featureCount;
  const seedBase = settings.model.seed ?? settings.seed;
  const folds = plans.map((plan): PreparedFold => {
    const { fitStart, firstSampleEnd, validationCount, trainCount } = foldSamples(plan, matrix.firstValidRow, settings);
    const scaler = fitScaler(matrix.columns, fitStart, plan.trainEnd, settings.scaler);
    // Scale every row a window of this fold may touch (all at or after fitStart) with the training-only scaler.
    const spanStart = fitStart;
    const scaled = scaleRows(matrix.columns, scaler, spanStart, plan.testEnd);
    const windowAt = (endRow: number, out: Float32Array, slot: number) => {
      const from = (endRow - lookback + 1 - spanStart) * featureCount;
      out.set(scaled.subarray(from, from + windowSize), slot * windowSize);
    };
    let mean = 0;
    for (let i = 0; i < trainCount; i++) mean += target[firstSampleEnd + i];
    mean /= trainCount;
    let squares = 0;
    for (let i = 0; i < trainCount; i++) squares += (target[firstSampleEnd + i] - mean) ** 2;
    const targetScale = Math.sqrt(squares / trainCount) || 1;
    const xTrain = new Float32Array(trainCount * windowSize);
    const yTrain = new Float32Array(trainCount);
    const xValidation = new Float32Array(validationCount * windowSize);
    const yValidation = new Float32Array(validationCount);
    for (let i = 0; i < trainCount; i++) {
      windowAt(firstSampleEnd + i, xTrain, i);
      yTrain[i] = (target[firstSampleEnd + i] - mean) / targetScale;
    }
    const firstValidationEnd = plan.trainEnd - validationCount;
    for (let i = 0; i < validationCount; i++) {
      windowAt(firstValidationEnd + i, xValidation, i);
      yValidation[i] = (target[firstValidationEnd + i] - mean) / targetScale;
    }
    const testBars: number[] = [];
    for (let t = plan.testStart; t < plan.testEnd; t++) if (t - lookback + 1 >= matrix.firstValidRow) testBars.push(t);
    const xTest = new Float32Array(testBars.length * windowSize);
    testBars.forEach((t, slot) => windowAt(t, xTest, slot));
    return {
      plan,
      scaler,
      testBars,
      targetMean: mean,
      targetScale,
      job: {
        foldIndex: plan.index,
        seed: deriveSeed(seedBase, plan.index),
        engine: settings.engine,
        fused: settings.fused,
        model: settings.model,
        lookback,
        featureCount,
        xTrain,
        yTrain,
        xValidation,
        yValidation,
        xTest,
        targetMean: mean,
        targetScale,
        saveModelDir: settings.saveModelsDir ? `${settings.saveModelsDir}/fold-${plan.index}` : undefined,
        slowEpochMs: settings.slowEpochMs,
      },
    };
  });
  return { folds, firstValidRow: matrix.firstValidRow, labels: matrix.labels, target };
}

/** What makes a prepared fold's model what it is (the store's key besides the config). */
export function describeFold(bars: readonly Bar[], fold: PreparedFold, firstValidRow: number, settings: WalkForwardSettings): FoldModelDescription {
  const { plan, scaler, job } = fold;
  return {
    foldIndex: plan.index,
    seed: job.seed,
    trainStart: plan.trainStart,
    trainEnd: plan.trainEnd,
    trainStartDate: bars[Math.max(plan.trainStart, firstValidRow)].date,
    lastTrainBarDate: bars[plan.trainEnd - 1].date,
    trainingDataHash: trainingDataHash(bars, plan.trainEnd),
    features: settings.features,
    lookback: settings.lookback,
    horizon: settings.horizon,
    scaler: { kind: scaler.kind, offset: Array.from(scaler.offset), scale: Array.from(scaler.scale) },
    targetMean: fold.targetMean,
    targetScale: fold.targetScale,
  };
}

/** Run folds one after another in this thread. */
export const runFoldsSerially: FoldRunner = async (jobs, onProgress, onFoldDone) => {
  const outputs: FoldOutput[] = [];
  for (const job of jobs) {
    outputs.push(await trainFold(job, (progress) => onProgress(job.foldIndex, progress)));
    onFoldDone?.(job.foldIndex);
  }
  return outputs;
};

/** Train every fold, stitch the out-of-sample forecasts into one series, and score them. */
export async function runWalkForward(bars: readonly Bar[], settings: WalkForwardSettings): Promise<WalkForwardReport> {
  const started = performance.now();
  const { folds, firstValidRow, labels, target } = prepareFolds(bars, settings);
  const gridFolds = folds.length === 0 ? 0 : folds[folds.length - 1].plan.index + 1;
  const forecaster = forecasterFor(settings.model);
  const network = forecaster.needsTfjs(settings.model);
  const epochsPerFold = forecaster.epochsPerFold(settings.model);
  const task = settings.progress?.start(settings.label ?? `walk-forward ${modelName(settings.model)}`, folds.length * epochsPerFold);
  // Epochs done per fold; fractional while a slow epoch reports its batches.
  const epochsDone = new Map<number, number>();
  const finishedFolds = new Set<number>();
  const report = (info: Record<string, string | number>) => {
    let done = 0;
    for (const [fold, epochs] of epochsDone) done += finishedFolds.has(fold) ? epochsPerFold : epochs;
    task?.update(done, info);
  };
  const runFolds = settings.runFolds ?? runFoldsSerially;
  const store = settings.foldStore;
  const runJobs: FoldRunner = store
    ? (jobs, onProgress, onFoldDone) =>
        runFoldsThroughStore(
          folds.map((fold, i) => ({ job: jobs[i], description: describeFold(bars, fold, firstValidRow, settings) })),
          store,
          runFolds,
          onProgress,
          onFoldDone,
        )
    : runFolds;
  let outputs: FoldOutput[];
  try {
    outputs = await runJobs(
      folds.map((fold) => fold.job),
      (foldIndex, progress) => {
        // Fold numbers of the whole grid (a signal runs only its last folds).
        const fold = `${foldIndex + 1}/${gridFolds}`;
        if (progress.kind === 'batch') {
          epochsDone.set(foldIndex, progress.epoch - 1 + progress.batchesDone / progress.batchesPerEpoch);
          report({ fold, epoch: progress.epoch, batch: `${progress.batchesDone}/${progress.batchesPerEpoch}` });
          return;
        }
        epochsDone.set(foldIndex, progress.epoch);
        report({
          fold,
          epoch: progress.epoch,
          loss: progress.loss,
          ...(progress.validationLoss !== undefined ? { valLoss: progress.validationLoss } : {}),
        });
      },
      (foldIndex) => {
        finishedFolds.add(foldIndex);
        epochsDone.set(foldIndex, epochsPerFold);
        report({ fold: `${finishedFolds.size}/${folds.length} done` });
      },
    );
    for (const output of outputs) {
      epochsDone.set(output.foldIndex, epochsPerFold);
      finishedFolds.add(output.foldIndex);
    }
    report({ folds: `${folds.length}/${folds.length}` });
  } finally {
    task?.stop();
  }

  const forecasts = new Array<number>(bars.length).fill(Number.NaN);
  const foldOfBar = new Array<number>(bars.length).fill(-1);
  const realized = Array.from(target);
  const spread = new Array<number>(bars.length).fill(Number.NaN);
  // Later folds overwrite earlier ones where test windows overlap (stepBars < testBars).
  folds.forEach((fold, i) => {
    const output = outputs[i];
    fold.testBars.forEach((t, slot) => {
      forecasts[t] = output.forecasts[slot];
      if (output.memberSpread) spread[t] = output.memberSpread[slot];
      foldOfBar[t] = fold.plan.index;
    });
  });

  let sampleEpochs = 0;
  let trainSeconds = 0;
  const records = folds.map((fold, i): FoldRecord => {
    const output = outputs[i];
    const { plan, job } = fold;
    const foldForecasts = new Array<number>(bars.length).fill(Number.NaN);
    fold.testBars.forEach((t, slot) => (foldForecasts[t] = output.forecasts[slot]));
    sampleEpochs += job.yTrain.length * output.epochsRun;
    trainSeconds += output.trainSeconds;
    return {
      index: plan.index,
      seed: job.seed,
      trainStartDate: bars[Math.max(plan.trainStart, firstValidRow)].date,
      trainEndDate: bars[plan.trainEnd - 1].date,
      testStartDate: bars[plan.testStart].date,
      testEndDate: bars[plan.testEnd - 1].date,
      trainStart: plan.trainStart,
      trainEnd: plan.trainEnd,
      testStart: plan.testStart,
      testEnd: plan.testEnd,
      trainSamples: job.yTrain.length,
      validationSamples: job.yValidation.length,
      testSamples: fold.testBars.length,
      epochsRun: output.epochsRun,
      bestEpoch: output.bestEpoch,
      finalLoss: output.trainLoss.length > 0 ? output.trainLoss[output.trainLoss.length - 1] : null,
      bestValidationLoss: output.validationLoss.length > 0 ? Math.min(...output.validationLoss) : null,
      trainSeconds: output.trainSeconds,
      targetMean: fold.targetMean,
      targetStd: fold.targetScale,
      ...(output.attention ? { attention: output.attention } : {}),
      ...computeForecastMetrics(foldForecasts, realized, plan.testStart, plan.testEnd),
    };
  });

  const engines = new Set(outputs.map((output) => output.engine));
  const fallbackReason = outputs.find((output) => output.engineFallbackReason)?.engineFallbackReason;
  return {
    engine: engines.size === 0 ? 'none' : [...engines].join('+'),
    ...(fallbackReason ? { engineFallbackReason: fallbackReason } : {}),
    modelType: modelName(settings.model),
    featureLabels: labels,
    firstValidBar: firstValidRow,
    horizon: settings.horizon,
    lookback: settings.lookback,
    forecasts,
    ...(outputs.some((output) => output.memberSpread) ? { memberSpread: spread } : {}),
    realized,
    foldOfBar,
    folds: records,
    forecastMetrics: computeForecastMetrics(forecasts, realized),
    wallSeconds: (performance.now() - started) / 1000,
    samplesPerSecond: network && trainSeconds > 0 ? sampleEpochs / trainSeconds : null,
  };
}
