import type { ResolvedStrategy } from '../config/load-config.ts';
import type { BarSeries } from '../data/bar.ts';
import type { BarsCheck } from '../strategy/types.ts';
import { evaluationBoundsErrors, type EvaluationConfig } from './evaluation-window.ts';

/**
 * What can be told about a config on one series before any strategy runs: an evaluation window
 * outside the bars (an error), a warm-up
 * longer than the data (a warning: the strategy never trades), and each strategy's own checkBars
 * (e.g. walk-forward folds that do not fit: errors). runBacktest stops on the errors and records
 * the warnings; `validate` and the CLI's check before training report the same.
 */
export function checkSeries(
  strategies: ReadonlyArray<Pick<ResolvedStrategy, 'entry' | 'definition' | 'params'>>,
  series: BarSeries,
  evaluation: { config: EvaluationConfig; source: string },
): BarsCheck {
  const result: BarsCheck = { errors: evaluationBoundsErrors(evaluation.config, series.bars, evaluation.source), warnings: [] };
  for (const { entry, definition, params } of strategies) {
    const warmup = definition.warmupBars(params);
    if (warmup >= series.bars.length) {
      result.warnings.push({
        code: 'warmup-exceeds-data',
        message: `${series.source}: strategy ${entry.name} needs ${warmup} bars before its first decision; the data has ${series.bars.length}, so it never trades`,
      });
    }
    const own = definition.checkBars?.(params, series.bars);
    if (!own) continue;
    result.errors.push(...own.errors.map((error) => `${series.source}: strategy ${entry.name}: ${error}`));
    result.warnings.push(...own.warnings);
  }
  return result;
}
