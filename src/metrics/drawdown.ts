// Drawdowns, one sign everywhere: a negative fraction below the running peak, 0 at a peak.

/** Drawdown at each point: value / running peak - 1 (so -0.2 is 20% below the peak). */
export function drawdownSeries(equity: ArrayLike<number>): Float64Array {
  const drawdown = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let t = 0; t < equity.length; t++) {
    peak = Math.max(peak, equity[t]);
    drawdown[t] = peak > 0 ? equity[t] / peak - 1 : 0;
  }
  return drawdown;
}

export interface DrawdownPeriod {
  /** Index of the peak the drawdown started from. */
  startBar: number;
  /** Index where equity regained the peak, or the last index if it never did. */
  endBar: number;
  durationBars: number;
  /** Deepest drawdown in the period (negative fraction). */
  trough: number;
}

/**
 * Drawdown periods between successive new equity peaks, as backtesting.py finds them: a period
 * runs from the last bar at a peak to the next one (or to the end of the data).
 */
export function drawdownPeriods(drawdown: ArrayLike<number>): DrawdownPeriod[] {
  const anchors: number[] = [];
  for (let t = 0; t < drawdown.length; t++) if (drawdown[t] === 0) anchors.push(t);
  if (drawdown.length > 0 && anchors[anchors.length - 1] !== drawdown.length - 1) anchors.push(drawdown.length - 1);
  const periods: DrawdownPeriod[] = [];
  for (let i = 1; i < anchors.length; i++) {
    const startBar = anchors[i - 1];
    const endBar = anchors[i];
    if (endBar <= startBar + 1) continue;
    let trough = 0;
    for (let t = startBar; t <= endBar; t++) trough = Math.min(trough, drawdown[t]);
    periods.push({ startBar, endBar, durationBars: endBar - startBar, trough });
  }
  return periods;
}
