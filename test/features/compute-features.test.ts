import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../src/data/bar.ts';
import { computeFeature, computeFeatureMatrix } from '../../src/features/compute-features.ts';
import { featureLabel, featureSpecSchema, type FeatureSpec } from '../../src/features/feature-spec.ts';
import { padFront } from '../../src/features/pad-front.ts';
import { computeTarget } from '../../src/features/target.ts';
import { randomWalkBars } from '../helpers/bars.ts';

const spec = (input: Record<string, unknown>): FeatureSpec => featureSpecSchema.parse(input);
const bars: Bar[] = randomWalkBars(80, 3);
const close = bars.map((bar) => bar.close);
const volume = bars.map((bar) => bar.volume);

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
/** EMA seeded with the SMA of the first `period` values, as technicalindicators does. */
function emaSeries(values: number[], period: number): number[] {
  const out: number[] = new Array(values.length).fill(Number.NaN);
  const k = 2 / (period + 1);
  out[period - 1] = mean(values.slice(0, period));
  for (let t = period; t < values.length; t++) out[t] = values[t] * k + out[t - 1] * (1 - k);
  return out;
}

describe('padFront', () => {
  it('puts value k at bar k and NaN over the warm-up; undefined becomes NaN', () => {
    expect(Array.from(padFront([1, undefined, 3], 5))).toEqual([NaN, NaN, 1, NaN, 3]);
    expect(() => padFront([1, 2, 3], 2)).toThrow();
  });
});

describe('feature alignment against hand-computed values', () => {
  it('log-return(1) and log-return(5)', () => {
    const one = computeFeature(spec({ name: 'log-return' }), bars);
    const five = computeFeature(spec({ name: 'log-return', period: 5 }), bars);
    expect(one[0]).toBeNaN();
    expect(one[10]).toBeCloseTo(Math.log(close[10] / close[9]), 14);
    expect(five[4]).toBeNaN();
    expect(five[40]).toBeCloseTo(Math.log(close[40] / close[35]), 14);
  });

  it('sma-ratio(10) = close / SMA - 1 with the SMA ending at the same bar', () => {
    const column = computeFeature(spec({ name: 'sma-ratio', period: 10 }), bars);
    expect(column[8]).toBeNaN();
    expect(column[9]).toBeCloseTo(close[9] / mean(close.slice(0, 10)) - 1, 12);
    expect(column[50]).toBeCloseTo(close[50] / mean(close.slice(41, 51)) - 1, 12);
  });

  it('ema-ratio(10) matches an SMA-seeded EMA', () => {
    const column = computeFeature(spec({ name: 'ema-ratio', period: 10 }), bars);
    const ema = emaSeries(close, 10);
    expect(column[8]).toBeNaN();
    expect(column[9]).toBeCloseTo(close[9] / ema[9] - 1, 10);
    expect(column[60]).toBeCloseTo(close[60] / ema[60] - 1, 10);
  });

  it("rsi(14) matches Wilder's RSI (the library rounds to 2 decimals)", () => {
    const column = computeFeature(spec({ name: 'rsi', period: 14 }), bars);
    const gains: number[] = [];
    const losses: number[] = [];
    for (let t = 1; t < close.length; t++) {
      gains.push(Math.max(close[t] - close[t - 1], 0));
      losses.push(Math.max(close[t - 1] - close[t], 0));
    }
    let avgGain = mean(gains.slice(0, 14));
    let avgLoss = mean(losses.slice(0, 14));
    const rsiAt = new Map<number, number>([[14, 100 - 100 / (1 + avgGain / avgLoss)]]);
    for (let t = 15; t < close.length; t++) {
      avgGain = (avgGain * 13 + gains[t - 1]) / 14;
      avgLoss = (avgLoss * 13 + losses[t - 1]) / 14;
      rsiAt.set(t, 100 - 100 / (1 + avgGain / avgLoss));
    }
    expect(column[13]).toBeNaN();
    for (const t of [14, 15, 30, 79]) expect(Math.abs(column[t] - rsiAt.get(t)!)).toBeLessThanOrEqual(0.005 + 1e-9);
  });

  it('macd-line / -signal / -histogram (12, 26, 9) divided by the close', () => {
    const line = computeFeature(spec({ name: 'macd-line' }), bars);
    const signal = computeFeature(spec({ name: 'macd-signal' }), bars);
    const histogram = computeFeature(spec({ name: 'macd-histogram' }), bars);
    const fast = emaSeries(close, 12);
    const slow = emaSeries(close, 26);
    const macd = close.map((_, t) => fast[t] - slow[t]);
    const signalLine = new Array(close.length).fill(NaN);
    signalLine.splice(25, close.length - 25, ...emaSeries(macd.slice(25), 9));
    expect(line[24]).toBeNaN();
    expect(line[25]).toBeCloseTo(macd[25] / close[25], 10);
    expect(signal[32]).toBeNaN();
    expect(signal[33]).toBeCloseTo(signalLine[33] / close[33], 10);
    expect(histogram[70]).toBeCloseTo((macd[70] - signalLine[70]) / close[70], 10);
  });

  it('bollinger %B and width (20, 2) use the population standard deviation of the last 20 closes', () => {
    const percentB = computeFeature(spec({ name: 'bollinger-percent-b' }), bars);
    const width = computeFeature(spec({ name: 'bollinger-width' }), bars);
    const window = close.slice(31, 51);
    const middle = mean(window);
    const sd = Math.sqrt(mean(window.map((c) => (c - middle) ** 2)));
    const upper = middle + 2 * sd;
    const lower = middle - 2 * sd;
    expect(percentB[18]).toBeNaN();
    expect(percentB[50]).toBeCloseTo((close[50] - lower) / (upper - lower), 10);
    expect(width[50]).toBeCloseTo((upper - lower) / middle, 10);
  });

  it("atr-ratio(14) = Wilder's ATR / close", () => {
    const column = computeFeature(spec({ name: 'atr-ratio', period: 14 }), bars);
    const trueRange = bars.map((bar, t) =>
      t === 0 ? bar.high - bar.low : Math.max(bar.high - bar.low, Math.abs(bar.high - close[t - 1]), Math.abs(bar.low - close[t - 1])),
    );
    // The library skips the first bar's true range: its first ATR (bar 14) averages bars 1..14.
    let atr = mean(trueRange.slice(1, 15));
    for (let t = 15; t <= 60; t++) atr = (atr * 13 + trueRange[t]) / 14;
    expect(column[13]).toBeNaN();
    expect(column[14]).toBeCloseTo(mean(trueRange.slice(1, 15)) / close[14], 10);
    expect(column[60]).toBeCloseTo(atr / close[60], 10);
  });

  it('obv-change(5) = signed volume of the last 5 bars / their total volume', () => {
    const column = computeFeature(spec({ name: 'obv-change', period: 5 }), bars);
    const signed = (t: number) => (close[t] > close[t - 1] ? volume[t] : close[t] < close[t - 1] ? -volume[t] : 0);
    let numerator = 0;
    let denominator = 0;
    for (let t = 36; t <= 40; t++) {
      numerator += signed(t);
      denominator += volume[t];
    }
    expect(column[4]).toBeNaN();
    expect(column[40]).toBeCloseTo(numerator / denominator, 12);
  });

  it('volume-zscore(10) against the mean and population sd of the last 10 volumes', () => {
    const column = computeFeature(spec({ name: 'volume-zscore', period: 10 }), bars);
    const window = volume.slice(21, 31);
    const m = mean(window);
    const sd = Math.sqrt(mean(window.map((v) => (v - m) ** 2)));
    expect(column[8]).toBeNaN();
    expect(column[30]).toBeCloseTo((volume[30] - m) / sd, 10);
  });

  it('raw OHLCV columns are the bars themselves', () => {
    expect(Array.from(computeFeature(spec({ name: 'close' }), bars))).toEqual(close);
    expect(Array.from(computeFeature(spec({ name: 'volume' }), bars))).toEqual(volume);
  });
});

describe('feature matrix and target', () => {
  it('firstValidRow is the longest warm-up, labels name the parameters', () => {
    const matrix = computeFeatureMatrix([spec({ name: 'log-return' }), spec({ name: 'macd-signal' }), spec({ name: 'rsi' })], bars);
    expect(matrix.firstValidRow).toBe(33);
    expect(matrix.labels).toEqual(['log-return(1)', 'macd-signal(12,26,9)', 'rsi(14)']);
    expect(featureLabel(spec({ name: 'open' }))).toBe('open');
  });

  it('a feature value at bar k does not change when later bars change (causality)', () => {
    const specs = ['log-return', 'sma-ratio', 'ema-ratio', 'rsi', 'macd-line', 'macd-signal', 'macd-histogram', 'bollinger-percent-b', 'bollinger-width', 'atr-ratio', 'obv-change', 'volume-zscore'].map((name) => spec({ name }));
    const full = computeFeatureMatrix(specs, bars);
    const prefix = computeFeatureMatrix(specs, bars.slice(0, 50));
    full.columns.forEach((column, j) => expect(Array.from(prefix.columns[j])).toEqual(Array.from(column.slice(0, 50))));
  });

  it('target(h) is the log return from close t to close t+h, NaN for the last h bars', () => {
    const target = computeTarget(bars, 3);
    expect(target[10]).toBeCloseTo(Math.log(close[13] / close[10]), 14);
    expect(target[76]).toBeCloseTo(Math.log(close[79] / close[76]), 14);
    expect(target[77]).toBeNaN();
  });

  it('an unknown feature name is rejected with the list of known names', () => {
    const result = z.array(featureSpecSchema).safeParse([{ name: 'rsi' }, { name: 'momentum' }]);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual([1, 'name']);
    expect(result.error!.issues[0].message).toMatch(/unknown feature "momentum"; known: log-return, .*volume-zscore/);
  });
});
