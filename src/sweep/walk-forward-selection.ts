import { effectiveTarget, type PositionMode } from '../core/position-mode.ts';

/**
 * Walk-forward optimization: the honest version of "pick the best trial". At each refit point
 * the trial with the best objective over the bars up to that point only is chosen, and traded
 * until the next refit point; the chosen trials' decisions, stitched, form one out-of-sample
 * strategy that the broker runs like any other. Beside the best-in-hindsight trial it shows how
 * much of that trial's edge came from choosing it after seeing the whole window.
 */
export interface WfoSettings {
  /** Bars of history before the first choice (rolling: the span every choice looks at). */
  trainBars: number;
  /** Bars each choice is traded before the next choice. */
  testBars: number;
  scheme: 'expanding' | 'rolling';
}

export interface Refit {
  /** The choice is made at this bar's close, on bars [selectFrom, refitBar]. */
  refitBar: number;
  selectFrom: number;
  /** The choice decides the positions of bars refitBar .. tradeTo (inclusive). */
  tradeTo: number;
}

/**
 * Refit points inside a window [startBar, endBar]: the first after `trainBars` bars of it, then
 * every `testBars` bars; expanding choices look at the whole window so far, rolling ones at the
 * last `trainBars` bars. Empty when the window is too short for one choice and one traded bar.
 */
export function planRefits(window: { startBar: number; endBar: number }, settings: WfoSettings): Refit[] {
  const refits: Refit[] = [];
  for (let refitBar = window.startBar + settings.trainBars; refitBar < window.endBar; refitBar += settings.testBars) {
    refits.push({
      refitBar,
      selectFrom: settings.scheme === 'rolling' ? refitBar - settings.trainBars : window.startBar,
      tradeTo: Math.min(refitBar + settings.testBars - 1, window.endBar),
    });
  }
  return refits;
}

/**
 * The trial chosen at each refit: the largest `score(trial, fromBar, toBar)` over bars
 * [selectFrom, refitBar] (ties go to the lower trial index). `score` is larger-is-better and sees
 * no bar after the refit point, so each choice uses only the past.
 */
export function chooseTrials(refits: readonly Refit[], trialCount: number, score: (trial: number, fromBar: number, toBar: number) => number): number[] {
  return refits.map((refit) => {
    let best = 0;
    let bestScore = -Infinity;
    for (let trial = 0; trial < trialCount; trial++) {
      const value = score(trial, refit.selectFrom, refit.refitBar);
      if (value > bestScore) {
        best = trial;
        bestScore = value;
      }
    }
    return best;
  });
}

/**
 * The stitched strategy's target after every bar: NaN before the first refit point, then the
 * chosen trial's own target (as its mode allows) over each choice's bars. Long-short trials keep
 * their shorts; the result is meant to be run in long-short mode.
 */
export function stitchTargets(
  refits: readonly Refit[],
  choices: readonly number[],
  targetsOf: (trial: number) => ArrayLike<number>,
  modeOf: (trial: number) => PositionMode,
  barCount: number,
): Float64Array {
  const stitched = new Float64Array(barCount).fill(Number.NaN);
  refits.forEach((refit, k) => {
    const targets = targetsOf(choices[k]);
    const mode = modeOf(choices[k]);
    for (let t = refit.refitBar; t <= refit.tradeTo; t++) stitched[t] = effectiveTarget(targets[t], mode);
  });
  return stitched;
}
