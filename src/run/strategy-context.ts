import type { LoadedConfig, ResolvedStrategy } from '../config/load-config.ts';
import type { ProgressSink } from '../core/progress.ts';
import type { StrategyContext } from '../strategy/types.ts';

/**
 * The run-wide settings a strategy of this config gets (seed, its position mode, engine, fused
 * kernels, fold workers), with what the caller adds (saved models, a signal request): one place,
 * so a backtest and a signal run a strategy under the same settings.
 */
export function strategyContextOf(
  config: LoadedConfig['config'],
  entry: ResolvedStrategy['entry'],
  progress: ProgressSink,
  extra: Pick<StrategyContext, 'saveModelsDir' | 'signal'> = {},
): StrategyContext {
  return { seed: config.seed, mode: entry.mode, engine: config.engine, fused: config.fused, workers: config.workers, progress, ...extra };
}
