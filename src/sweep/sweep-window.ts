import { UserError } from '../core/errors.ts';
import type { InputWarning } from '../core/warnings.ts';
import { firstBarOnOrAfter, lastBarOnOrBefore, windowOf, type EvaluationConfig, type EvaluationWindow } from '../run/evaluation-window.ts';

/** A strategy the window must cover: a trial or a reference, with its warm-up. */
export interface WarmingStrategy {
  label: string;
  warmupBars: number;
}

export interface SweepWindow {
  window: EvaluationWindow;
  /** How the window was chosen, in words. */
  rule: string;
  warnings: InputWarning[];
}

/**
 * The one evaluation window every trial of a sweep (and every reference) is measured over,
 * chosen before any trial runs so each trial can be measured as soon as it finishes: from the
 * first bar at which every trial and reference can decide (the largest warm-up, which a strategy
 * type declares for its params: indicator lengths, a forecaster's first training window), or
 * from `evaluation.start`, to the last bar or `evaluation.end`. A trial with a short warm-up
 * therefore holds nothing before the window, like every strategy of a backtest.
 */
export function planSweepWindow(
  evaluation: EvaluationConfig,
  bars: ReadonlyArray<{ date: string }>,
  strategies: readonly WarmingStrategy[],
  source: string,
): SweepWindow {
  const warnings: InputWarning[] = [];
  const lastBar = bars.length - 1;
  const binding = strategies.reduce((latest, s) => (s.warmupBars > latest.warmupBars ? s : latest));
  if (binding.warmupBars > lastBar) {
    throw new UserError(`${source}: ${binding.label} needs ${binding.warmupBars} bars before its first decision; the data has ${bars.length}`);
  }
  let startBar = binding.warmupBars;
  let rule = `one window for every trial: from the first bar at which every trial and reference can decide (${binding.label}'s warm-up of ${binding.warmupBars} bars)`;
  if (evaluation.start !== undefined) {
    startBar = firstBarOnOrAfter(bars, evaluation.start);
    if (startBar > lastBar) throw new UserError(`${source}: evaluation.start ${evaluation.start} is after the last bar (${bars[lastBar].date})`);
    rule = `one window for every trial: set by evaluation.start (${evaluation.start})`;
    if (startBar < binding.warmupBars) {
      warnings.push({
        code: 'window-before-decision',
        message: `${source}: evaluation.start ${evaluation.start} is before ${binding.label} can decide (bar ${binding.warmupBars}, ${bars[binding.warmupBars].date}): it holds no position until then`,
      });
    }
  }
  let endBar = lastBar;
  if (evaluation.end !== undefined) {
    endBar = lastBarOnOrBefore(bars, evaluation.end);
    if (endBar < 0) throw new UserError(`${source}: evaluation.end ${evaluation.end} is before the first bar (${bars[0].date})`);
    rule += `, to evaluation.end (${evaluation.end})`;
  }
  if (endBar - startBar < 2) {
    throw new UserError(`${source}: the sweep's evaluation window ${bars[Math.min(startBar, lastBar)].date} .. ${bars[Math.max(endBar, 0)].date} holds ${Math.max(0, endBar - startBar + 1)} bar(s); a sweep needs at least 3`);
  }
  return { window: windowOf(bars, startBar, endBar), rule, warnings };
}
