/** Accuracy of a forecast series against realized targets, and against the naive zero forecast. */
export type ForecastMetrics = {
  /** Bars with both a forecast and a realized target. */
  count: number;
  mse: number | null;
  rmse: number | null;
  mae: number | null;
  /** Share of bars where the forecast's sign matches the realized return's (zeros excluded); null if none. */
  directionalAccuracy: number | null;
  /** Bars counted by directionalAccuracy. */
  directionalCount: number;
  /** RMSE of the naive forecaster (zero return) on the same bars. */
  naiveRmse: number | null;
  /** rmse / naiveRmse: below 1 means better than assuming tomorrow = today. */
  rmseRatioVsNaive: number | null;
};

/** Metrics over bars [start, end) where both series are finite. Pure. */
export function computeForecastMetrics(
  forecasts: ArrayLike<number>,
  realized: ArrayLike<number>,
  start = 0,
  end = forecasts.length,
): ForecastMetrics {
  let count = 0;
  let squares = 0;
  let absolute = 0;
  let naiveSquares = 0;
  let hits = 0;
  let directionalCount = 0;
  for (let t = start; t < end; t++) {
    const f = forecasts[t];
    const r = realized[t];
    if (!Number.isFinite(f) || !Number.isFinite(r)) continue;
    count++;
    squares += (f - r) ** 2;
    absolute += Math.abs(f - r);
    naiveSquares += r * r;
    if (f !== 0 && r !== 0) {
      directionalCount++;
      if (f > 0 === r > 0) hits++;
    }
  }
  if (count === 0) {
    return { count, mse: null, rmse: null, mae: null, directionalAccuracy: null, directionalCount, naiveRmse: null, rmseRatioVsNaive: null };
  }
  const mse = squares / count;
  const rmse = Math.sqrt(mse);
  const naiveRmse = Math.sqrt(naiveSquares / count);
  return {
    count,
    mse,
    rmse,
    mae: absolute / count,
    directionalAccuracy: directionalCount > 0 ? hits / directionalCount : null,
    directionalCount,
    naiveRmse,
    rmseRatioVsNaive: naiveRmse > 0 ? rmse / naiveRmse : null,
  };
}
