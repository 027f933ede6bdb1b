/** Drawdown at each point as a positive fraction below the running peak (0 at a peak). */
export function drawdownSeries(equity: ArrayLike<number>): Float64Array {
  const drawdown = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let t = 0; t < equity.length; t++) {
    peak = Math.max(peak, equity[t]);
    drawdown[t] = peak > 0 ? 1 - equity[t] / peak : 0;
  }
  return drawdown;
}

export interface DrawdownPeriod {
  /** Bar of the peak the drawdown started from. */
  startBar: number;
  /** Bar where equity regained the peak, or the last bar if it never did. */
  endBar: number;
  durationBars: number;
  /** Deepest drawdown in the period, positive fraction. */
  depth: number;
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
    let depth = 0;
    for (let t = startBar; t <= endBar; t++) depth = Math.max(depth, drawdown[t]);
    periods.push({ startBar, endBar, durationBars: endBar - startBar, depth });
  }
  return periods;
}
