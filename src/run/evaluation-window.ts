import { z } from 'zod';
import { isoDate } from '../config/iso-date.ts';
import { UserError } from '../core/errors.ts';
import type { InputWarning } from '../core/warnings.ts';
import type { Bar } from '../data/bar.ts';
import { isOnOrBefore, stampDate } from '../data/bar-time.ts';


/**
 * The `evaluation:` block. By default every strategy is measured over one common window: from
 * the first bar at which every strategy has a decision (a model's first out-of-sample forecast,
 * a rule's end of warm-up) to the last bar. `start`/`end` set that window by date; `window: full`
 * measures each strategy from its own first decision instead (figures then cover different
 * periods, and the report says so).
 */
export const evaluationSchema = z
  .strictObject({
    window: z.enum(['common', 'full']).default('common'),
    start: isoDate.optional(),
    end: isoDate.optional(),
  })
  .superRefine((evaluation, ctx) => {
    if (evaluation.window === 'full' && evaluation.start !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: 'start sets one common window; drop it or drop window: full' });
    }
    if (evaluation.start !== undefined && evaluation.end !== undefined && evaluation.start > evaluation.end) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `end ${evaluation.end} is before start ${evaluation.start}` });
    }
  });

export type EvaluationConfig = z.infer<typeof evaluationSchema>;

/** Bars a strategy is measured over, inclusive at both ends, with their dates. */
export interface EvaluationWindow {
  /** Equity starts at the initial cash at this bar's close; the first fill is at the next open. */
  startBar: number;
  endBar: number;
  start: string;
  end: string;
}

/** What `resolveEvaluation` needs to know of each strategy. */
export interface DecidingStrategy {
  name: string;
  /** Target position per bar; NaN = no decision yet. */
  targetPositions: ArrayLike<number>;
  /** A forecaster (its first decision is its first out-of-sample forecast). */
  isModel: boolean;
}

export interface EvaluationPlan {
  mode: 'common' | 'full';
  /** The common window, or in `full` mode the span from the earliest strategy start to the end. */
  window: EvaluationWindow;
  /** One window per strategy, in the order given. */
  strategyWindows: EvaluationWindow[];
  /** How the window was chosen, in words (the report's header prints it). */
  rule: string;
  warnings: InputWarning[];
}

/** Index of the first bar with a decision (a finite target), or -1 if there is none. */
export function firstDecisionBar(targets: ArrayLike<number>): number {
  for (let t = 0; t < targets.length; t++) if (Number.isFinite(targets[t])) return t;
  return -1;
}

/**
 * First bar dated on or after `date` (bars.length when none is). Bars are sorted by date; a date
 * bound finds the first intraday bar of that day (bar.ts: stamps sort after their date).
 */
export function firstBarOnOrAfter(bars: ReadonlyArray<{ date: string }>, date: string): number {
  let low = 0;
  let high = bars.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (bars[mid].date < date) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Last bar dated on or before `date` (-1 when none is); a date bound takes the last intraday bar of that day. */
export function lastBarOnOrBefore(bars: ReadonlyArray<{ date: string }>, date: string): number {
  let low = 0;
  let high = bars.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (isOnOrBefore(bars[mid].date, date)) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

export function windowOf(bars: ReadonlyArray<{ date: string }>, startBar: number, endBar: number): EvaluationWindow {
  return { startBar, endBar, start: bars[startBar].date, end: bars[endBar].date };
}

/** Window bounds that fall outside the bars (errors, before anything runs), named after the config. */
export function evaluationBoundsErrors(config: EvaluationConfig, bars: ReadonlyArray<{ date: string }>, source: string): string[] {
  const errors: string[] = [];
  const first = bars[0].date;
  const last = bars[bars.length - 1].date;
  if (config.start !== undefined && config.start > last) errors.push(`${source}: evaluation.start ${config.start} is after the last bar (${last})`);
  if (config.end !== undefined && config.end < stampDate(first)) errors.push(`${source}: evaluation.end ${config.end} is before the first bar (${first})`);
  return errors;
}

export interface ResolveOptions {
  /** Where messages point (the config file). */
  source: string;
  /**
   * Start no earlier than this date (several symbols measured from one common date), applied
   * after the window's own start.
   */
  startNotBefore?: string;
}

/**
 * Decide which bars each strategy is measured over. Pure: the same bars, targets and config give
 * the same windows. Throws a UserError when the window holds no bar.
 */
export function resolveEvaluation(
  config: EvaluationConfig,
  bars: readonly Bar[],
  strategies: readonly DecidingStrategy[],
  options: ResolveOptions,
): EvaluationPlan {
  const warnings: InputWarning[] = [];
  const boundsErrors = evaluationBoundsErrors(config, bars, options.source);
  if (boundsErrors.length > 0) throw new UserError(boundsErrors.join('\n'));
  const lastBar = bars.length - 1;
  const endBar = config.end !== undefined ? lastBarOnOrBefore(bars, config.end) : lastBar;
  const firsts = strategies.map((strategy) => firstDecisionBar(strategy.targetPositions));
  const deciding = strategies.map((strategy, i) => ({ strategy, first: firsts[i] })).filter((s) => s.first >= 0);
  const notBefore = (bar: number) => (options.startNotBefore !== undefined ? Math.max(bar, firstBarOnOrAfter(bars, options.startNotBefore)) : bar);
  const describeFirst = (s: { strategy: DecidingStrategy; first: number }) =>
    `${s.strategy.name}'s ${s.strategy.isModel ? 'first out-of-sample forecast' : 'first decision after its warm-up'}, ${bars[s.first].date}`;

  let mode: EvaluationPlan['mode'] = config.window;
  let startBar: number;
  let rule: string;
  if (config.window === 'full') {
    const strategyWindows = firsts.map((first) => {
      const own = notBefore(Math.max(0, first));
      return windowOf(bars, Math.min(own, endBar), endBar);
    });
    const earliest = strategyWindows.reduce((min, w) => Math.min(min, w.startBar), endBar);
    return {
      mode,
      window: windowOf(bars, earliest, endBar),
      strategyWindows,
      rule: 'window: full: each strategy is measured from its own first decision, so the figures cover different periods',
      warnings,
    };
  }
  if (config.start !== undefined) {
    startBar = firstBarOnOrAfter(bars, config.start);
    rule = `set by evaluation.start (${config.start})`;
    for (const s of deciding) {
      if (s.first > startBar) {
        warnings.push({
          code: 'window-before-decision',
          message: `${options.source}: evaluation.start ${config.start} is before ${describeFirst(s)}: it holds no position until then`,
        });
      }
    }
  } else if (deciding.length === 0) {
    startBar = 0;
    rule = 'the whole data: no strategy made a decision';
  } else {
    const binding = deciding.reduce((latest, s) => (s.first > latest.first ? s : latest));
    startBar = binding.first;
    rule = `from the first bar at which every strategy has a decision (${describeFirst(binding)})`;
  }
  const requested = startBar;
  startBar = notBefore(startBar);
  if (startBar > requested) rule += `, moved to ${bars[Math.min(startBar, lastBar)].date} so every symbol starts on the same date`;
  if (config.end !== undefined) rule += `, to evaluation.end (${config.end})`;
  if (startBar > endBar) {
    throw new UserError(
      `${options.source}: the evaluation window is empty: it would start at ${bars[Math.min(startBar, lastBar)].date} and end at ${bars[Math.max(0, endBar)].date}`,
    );
  }
  if (endBar - startBar < 2) {
    warnings.push({
      code: 'short-window',
      message: `${options.source}: the evaluation window ${bars[startBar].date} .. ${bars[endBar].date} holds ${endBar - startBar + 1} bar(s): too few for any figure to mean much`,
    });
  }
  const window = windowOf(bars, startBar, endBar);
  mode = 'common';
  return { mode, window, strategyWindows: strategies.map(() => window), rule, warnings };
}
