import type { SweepResults } from '../../src/sweep/sweep-results.ts';

/** The figures of a sweep, without what only says how long or where it ran (for equality checks). */
export function sweepFigures(results: SweepResults) {
  return { ...results, runTimeMs: 0, executor: '', trials: results.trials.map((t) => ({ ...t, seconds: 0 })) };
}
