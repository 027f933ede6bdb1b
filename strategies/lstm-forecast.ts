import { z } from 'zod';
import { featureSpecSchema } from '../src/features/feature-spec.ts';
import { forecastModelSchema, isPluginModel, modelConfigSchema, modelName } from '../src/models/model-config.ts';
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
    /** A built-in model type, or a forecaster file of the user's (`type: ./my-model.ts`). */
    model: forecastModelSchema.default(() => modelConfigSchema.parse({})),
    signal: signalConfigSchema.default(() => signalConfigSchema.parse({})),
  })
  .superRefine((p, ctx) => {
    const { walkforward, target, lookback, model, signal } = p;
    if (lookback >= walkforward.trainBars) {
      ctx.addIssue({ code: 'custom', path: ['lookback'], message: `must be < walkforward.trainBars (${walkforward.trainBars})` });
    }
    if (walkforward.purgeBars !== undefined && walkforward.purgeBars < target.horizon) {
      ctx.addIssue({ code: 'custom', path: ['walkforward', 'purgeBars'], message: `must be >= target horizon (${target.horizon})` });
    }
    if (!isPluginModel(model) && model.type === 'lstm-gru' && model.layers.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['model', 'layers'], message: 'lstm-gru needs at least 2 layers (LSTM first, then GRU)' });
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

export type LstmForecastParams = z.infer<typeof params>;

/**
 * A forecaster (LSTM, GRU, LSTM+GRU, or the naive / linear baselines) trained per walk-forward
 * fold on declared features; its out-of-sample forecasts of the next `horizon` bars' log return
 * become positions through the signal rule.
 */
export const lstmForecast: StrategyDefinition<LstmForecastParams> = {
  type: 'lstm-forecast',
  description: 'Walk-forward LSTM/GRU/linear/naive return forecaster turned into positions.',
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
  create: (p, context) => ({
    async run(bars) {
      const report = await runWalkForward(bars, {
        features: p.features,
        horizon: p.target.horizon,
        lookback: p.lookback,
        scaler: p.scaler,
        walkforward: resolveWalkForwardConfig(p.walkforward, p.target.horizon),
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
      const stdOfBar = report.foldOfBar.map((fold) => (fold >= 0 ? report.folds[fold].targetStd : Number.NaN));
      const targetPositions = forecastsToPositions(report.forecasts, p.signal, context.mode, stdOfBar);
      return { targetPositions, model: report };
    },
  }),
};
