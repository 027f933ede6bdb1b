import type { Bar } from '../data/bar.ts';

/**
 * The forecast target at bar t: the log return from close t to close t+horizon. It becomes known
 * at bar t+horizon's close, so the last `horizon` bars have no target (NaN).
 */
export function computeTarget(bars: readonly Bar[], horizon: number): Float64Array {
  const n = bars.length;
  const out = new Float64Array(n).fill(Number.NaN);
  for (let t = 0; t + horizon < n; t++) out[t] = Math.log(bars[t + horizon].close / bars[t].close);
  return out;
}
