import { z } from 'zod';
import { featureSpecSchema } from '../src/features/feature-spec.ts';
import { forecasterFor, modelConfigSchema } from '../src/models/forecasters/index.ts';
import { modelName } from '../src/models/forecasters/plugin-forecaster.ts';
import { forecastsToPositions } from '../src/signals/forecast-to-position.ts';
import { signalConfigSchema } from '../src/signals/signal-config.ts';
import { checkFolds, runWalkForward } from '../src/walkforward/run-walkforward.ts';
import { parallelFoldRunner } from '../src/walkforward/parallel-fold-runner.ts';
import { resolveWalkForwardConfig, walkForwardConfigSchema } from '../src/walkforward/walkforward-config.ts';
import type { StrategyDefinition } from '../src/strategy/types.ts';

const params = z
  .strictObject({
    features: z.array(featureSpecSchema).min(1).default(() => [featureSpecSchema.parse({ name: 'log-return' })]),
    target: z.strictObject({ horizon: z.number().int().min(1).max(250).default(1) }).default({ horizon: 1 }),
    walkforward: walkForwardConfigSchema.default(() => walkForwardConfigSchema.parse({ trainBars: 504, testBars: 63 })),
    /** Bars per input window (the window ends at the bar the forecast is made at). */
    lookback: z.number().int().min(1).default(20),
    scaler: z.enum(['minmax', 'zscore']).default('zscore'),
    model: modelConfigSchema.default(() => modelConfigSchema.parse({})),
    signal: signalConfigSchema.default(() => signalConfigSchema.parse({})),
    /**
     * `walkforward signal` only: `fold` (default) forecasts with the model of the walk-forward
     * fold the signal's bar falls in, as the backtest does; `daily` retrains on the freshest
     * window every bar (a fold grid of one test bar), which departs from the backtest.
     */
    retrain: z.enum(['fold', 'daily']).default('fold'),
  })
  .superRefine((p, ctx) => {
    const { walkforward, target, lookback, model, signal } = p;
    if (lookback >= walkforward.trainBars) {
      ctx.addIssue({ code: 'custom', path: ['lookback'], message: `must be < walkforward.trainBars (${walkforward.trainBars})` });
    }
    if (walkforward.purgeBars !== undefined && walkforward.purgeBars < target.horizon) {
      ctx.addIssue({ code: 'custom', path: ['walkforward', 'purgeBars'], message: `must be >= target horizon (${target.horizon})` });
    }
    for (const issue of forecasterFor(model).checkShape?.(model, lookback) ?? []) {
      ctx.addIssue({ code: 'custom', path: ['model', ...issue.path], message: issue.message });
    }
    if (signal.confidenceScale === 'member-spread' && model.type !== 'ensemble') {
      ctx.addIssue({ code: 'custom', path: ['signal', 'confidenceScale'], message: 'member-spread needs model.type ensemble (only ensembles have members to disagree)' });
    }
    if (signal.type === 'hysteresis' && signal.exit !== undefined && signal.exit > signal.threshold) {
      ctx.addIssue({ code: 'custom', path: ['signal', 'exit'], message: `must be <= signal.threshold (${signal.threshold})` });
    }
    p.features.forEach((feature, i) => {
      if ('fast' in feature && feature.fast >= feature.slow) {
        ctx.addIssue({ code: 'custom', path: ['features', i, 'fast'], message: `must be < slow (${feature.slow})` });
      }
    });
  });

export type ForecastParams = z.infer<typeof params>;

/**
 * A forecaster (any `model.type` of src/models/forecasters: networks, ensembles, the naive and
 * linear baselines) trained per walk-forward fold on declared features; its out-of-sample
 * forecasts of the next `horizon` bars' log return become positions through the signal rule.
 * `lstm-forecast`, its name before it ran more than recurrent networks, still works.
 */
export const forecast: StrategyDefinition<ForecastParams> = {
  type: 'forecast',
  aliases: ['lstm-forecast'],
  description: 'Walk-forward return forecaster (networks, ensembles, naive/linear baselines) turned into positions.',
  params,
  // The first fold's first test bar: trainBars, then the purge gap.
  warmupBars: (p) => {
    const { trainBars, purgeBars } = resolveWalkForwardConfig(p.walkforward, p.target.horizon);
    return trainBars + purgeBars;
  },
  // The fold checks prepareFolds makes, without training: too few bars for a fold, too few windows.
  checkBars: (p, bars) => ({
    errors: checkFolds(bars, {
      features: p.features,
      horizon: p.target.horizon,
      lookback: p.lookback,
      walkforward: resolveWalkForwardConfig(p.walkforward, p.target.horizon),
    }),
    warnings: [],
  }),
  trainsNetwork: (p) => forecasterFor(p.model).needsTfjs(p.model),
  create: (p, context) => ({
    async run(bars) {
      const grid = resolveWalkForwardConfig(p.walkforward, p.target.horizon);
      const signal = context.signal;
      const daily = signal !== undefined && p.retrain === 'daily';
      const report = await runWalkForward(bars, {
        features: p.features,
        horizon: p.target.horizon,
        lookback: p.lookback,
        scaler: p.scaler,
        // retrain: daily (signals only): the same grid with a fold per bar, each trained on the freshest window.
        walkforward: daily ? { ...grid, testBars: 1, stepBars: 1 } : grid,
        // Hysteresis carries its position from bar to bar, so a signal needs every earlier forecast
        // (with retrain: daily, a model per bar, it starts from the previous bar: flat before it).
        fromBar: signal === undefined || (p.signal.type === 'hysteresis' && !daily) ? 0 : signal.fromBar,
        foldStore: signal?.foldStore,
        model: p.model,
        seed: context.seed,
        engine: context.engine,
        fused: context.fused,
        saveModelsDir: context.saveModelsDir,
        progress: context.progress,
        label: `${modelName(p.model)} walk-forward`,
        // Folds train in parallel workers (`workers: auto | N`); same outputs as serial.
        runFolds: parallelFoldRunner({ workers: context.workers, engine: context.engine }),
      });
      const targetStdOfFold = new Map(report.folds.map((fold) => [fold.index, fold.targetStd]));
      const scaleOfBar =
        p.signal.confidenceScale === 'member-spread'
          ? (report.memberSpread ?? report.forecasts.map(() => Number.NaN))
          : report.foldOfBar.map((fold) => targetStdOfFold.get(fold) ?? Number.NaN);
      const targetPositions = forecastsToPositions(report.forecasts, p.signal, context.mode, scaleOfBar);
      const warnings = daily
        ? [{ code: 'retrain-daily', message: 'retrain: daily trains on the freshest window every bar, so this signal departs from the backtest (which retrains per fold)' }]
        : [];
      return { targetPositions, model: report, warnings };
    },
  }),
};
