import { BollingerBands, EMA, MACD, OBV, RSI, SD } from 'technicalindicators';
import type { Bar } from '../data/bar.ts';
import { UserError } from '../core/errors.ts';
import { derivedSeries } from './bar-memo.ts';
import { featureLabel, type FeatureSpec } from './feature-spec.ts';
import { averageTrueRange } from './average-true-range.ts';
import { padFront } from './pad-front.ts';
import { simpleMovingAverage } from './sma.ts';

/** Feature columns aligned with the bars: `columns[j][k]` is feature j at bar k (NaN in warm-up). */
export interface FeatureMatrix {
  labels: string[];
  columns: Float64Array[];
  /** First bar at which every column has a value; earlier rows are warm-up and never used. */
  firstValidRow: number;
}

/**
 * Compute one feature column. Every value at bar k uses bars[0..k] only. Price-level indicators
 * (MACD, ATR) are divided by the close so a model sees the same scale in 2005 and 2013.
 */
export function computeFeature(spec: FeatureSpec, bars: readonly Bar[]): Float64Array {
  const n = bars.length;
  const close = bars.map((bar) => bar.close);
  switch (spec.name) {
    case 'open':
    case 'high':
    case 'low':
    case 'close':
    case 'volume':
      return Float64Array.from(bars, (bar) => bar[spec.name]);
    case 'log-return': {
      const out = new Float64Array(n).fill(Number.NaN);
      for (let k = spec.period; k < n; k++) out[k] = Math.log(close[k] / close[k - spec.period]);
      return out;
    }
    case 'sma-ratio':
      return ratioToClose(simpleMovingAverage(close, spec.period), close, true);
    case 'ema-ratio':
      return ratioToClose(padFront(EMA.calculate({ period: spec.period, values: close }), n), close, true);
    case 'rsi':
      // Note: technicalindicators rounds RSI to 2 decimals.
      return padFront(RSI.calculate({ period: spec.period, values: close }), n);
    case 'macd-line':
    case 'macd-signal':
    case 'macd-histogram': {
      if (spec.fast >= spec.slow) throw new UserError(`fast: MACD fast period (${spec.fast}) must be < slow (${spec.slow})`);
      const rows = MACD.calculate({
        values: close,
        fastPeriod: spec.fast,
        slowPeriod: spec.slow,
        signalPeriod: spec.signal,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
      });
      const pick = spec.name === 'macd-line' ? 'MACD' : spec.name === 'macd-signal' ? 'signal' : 'histogram';
      const raw = padFront(rows.map((row) => row[pick]), n);
      return ratioToClose(raw, close, false);
    }
    case 'bollinger-percent-b':
    case 'bollinger-width': {
      const rows = BollingerBands.calculate({ period: spec.period, stdDev: spec.stdDev, values: close });
      const values =
        spec.name === 'bollinger-percent-b'
          ? rows.map((row) => (row.upper > row.lower ? row.pb : 0.5)) // flat window: the close sits mid-band
          : rows.map((row) => (row.upper - row.lower) / row.middle);
      return padFront(values, n);
    }
    case 'atr-ratio':
      return ratioToClose(averageTrueRange(bars, spec.period), close, false);
    case 'obv-change': {
      const volume = bars.map((bar) => bar.volume);
      // OBV starts at 0 on the first bar; the library omits that bar.
      const obv = padFront(OBV.calculate({ close, volume }), n);
      obv[0] = 0;
      const out = new Float64Array(n).fill(Number.NaN);
      let volumeSum = 0;
      for (let k = 0; k < n; k++) {
        volumeSum += volume[k];
        if (k >= spec.period) volumeSum -= volume[k - spec.period];
        // Signed volume over the last `period` bars as a share of all volume traded in them: in [-1, 1].
        if (k >= spec.period) out[k] = volumeSum > 0 ? (obv[k] - obv[k - spec.period]) / volumeSum : 0;
      }
      return out;
    }
    case 'volume-zscore': {
      const volume = bars.map((bar) => bar.volume);
      const mean = simpleMovingAverage(volume, spec.period);
      const sd = padFront(SD.calculate({ period: spec.period, values: volume }), n);
      const out = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        out[k] = Number.isNaN(mean[k]) ? Number.NaN : sd[k] > 0 ? (volume[k] - mean[k]) / sd[k] : 0;
      }
      return out;
    }
  }
}

function ratioToClose(values: Float64Array, close: readonly number[], minusOne: boolean): Float64Array {
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) {
    out[k] = minusOne ? close[k] / values[k] - 1 : values[k] / close[k];
  }
  return out;
}

/** All declared features, plus the first row at which every one of them is defined. */
export function computeFeatureMatrix(specs: readonly FeatureSpec[], bars: readonly Bar[]): FeatureMatrix {
  // A sweep's trials share their feature columns (computed once per bars array and spec).
  const columns = specs.map((spec) => derivedSeries(bars, `feature:${JSON.stringify(spec)}`, () => computeFeature(spec, bars)));
  const labels = specs.map(featureLabel);
  let firstValidRow = 0;
  columns.forEach((column) => {
    let first = 0;
    while (first < column.length && !Number.isFinite(column[first])) first++;
    firstValidRow = Math.max(firstValidRow, first);
  });
  columns.forEach((column, j) => {
    for (let k = firstValidRow; k < column.length; k++) {
      if (!Number.isFinite(column[k])) {
        throw new UserError(`features[${j}]: ${labels[j]} is not finite at ${bars[k].date} (check the data around that bar)`);
      }
    }
  });
  return { labels, columns, firstValidRow: Math.min(firstValidRow, bars.length) };
}
