import type { LoadedConfig } from '../config/load-config.ts';
import type { ProgressSink } from '../core/progress.ts';
import type { BarSeries } from '../data/bar.ts';
import { simulationSettings } from '../run/measure.ts';
import { conventionsOf, frequencyOf } from '../run/run-backtest.ts';
import type { StrategyOutput } from '../strategy/types.ts';
import { decideFrom } from './compute-signals.ts';
import type { JournalEntry } from './journal.ts';
import { scoreJournal, type BacktestDecisions, type JournalScore } from './score-journal.ts';

/** The backtest's decisions of each strategy on a series, by strategy name, when the caller has them (backtest --journal). */
export type KnownDecisions = ReadonlyMap<string, BacktestDecisions>;

/**
 * Score the journal of a config against its data as it is now, per strategy and symbol. The
 * backtest's decisions over the journalled bars are the given ones (a backtest just run), or
 * else computed as a signal run computes them: with the fold models saved in the models folder
 * (trained and saved where missing), which are the backtest's models (test/signal/parity.test.ts).
 */
export async function scoreJournalOfConfig(
  loaded: LoadedConfig,
  seriesList: readonly BarSeries[],
  entries: readonly JournalEntry[],
  options: { modelsDir: string; progress: ProgressSink; known?: (symbol: string) => KnownDecisions | undefined },
): Promise<JournalScore[]> {
  const scores: JournalScore[] = [];
  for (const series of seriesList) {
    const conventions = conventionsOf(loaded, frequencyOf(series));
    const indexOf = new Map(series.bars.map((bar, index) => [bar.date, index]));
    for (const strategy of loaded.strategies) {
      const { entry } = strategy;
      const own = entries.filter((journalled) => journalled.strategy === entry.name && journalled.symbol === series.symbol);
      if (own.length === 0) continue;
      const bars = own.map((journalled) => indexOf.get(journalled.barDate)).filter((bar): bar is number => bar !== undefined);
      const firstBar = bars.length > 0 ? Math.min(...bars) : series.bars.length - 1;
      const decided = options.known?.(series.symbol)?.get(entry.name) ?? decisionsOf((await decideFrom(loaded, strategy, series, firstBar, options)).output);
      scores.push(
        scoreJournal(
          own,
          series.bars,
          decided,
          simulationSettings(series.bars, conventions, entry.mode, entry.exits ?? null),
          { strategy: entry.name, symbol: series.symbol },
        ),
      );
    }
  }
  return scores;
}

function decisionsOf(output: StrategyOutput): BacktestDecisions {
  return { targetPositions: output.targetPositions, ...(output.model ? { forecasts: output.model.forecasts } : {}) };
}
