import { describe, expect, it } from 'vitest';
import { minimumBarsForOneFold, planFolds } from '../../src/walkforward/plan-folds.ts';
import { fitScaler, scaleRows } from '../../src/walkforward/scaler.ts';
import { computeForecastMetrics } from '../../src/walkforward/forecast-metrics.ts';
import { resolveWalkForwardConfig } from '../../src/walkforward/walkforward-config.ts';

const config = resolveWalkForwardConfig({ trainBars: 100, testBars: 20, scheme: 'expanding', validationFraction: 0.1 }, 2);

describe('planFolds', () => {
  it('expanding: train from bar 0, test purgeBars after the train end, step = testBars by default', () => {
    expect(config.purgeBars).toBe(2);
    expect(config.stepBars).toBe(20);
    const folds = planFolds(150, config);
    expect(folds).toEqual([
      { index: 0, trainStart: 0, trainEnd: 100, testStart: 102, testEnd: 122 },
      { index: 1, trainStart: 0, trainEnd: 120, testStart: 122, testEnd: 142 },
      { index: 2, trainStart: 0, trainEnd: 140, testStart: 142, testEnd: 150 },
    ]);
  });

  it('rolling: a window of trainBars that moves with the step', () => {
    const folds = planFolds(150, { ...config, scheme: 'rolling', stepBars: 25, purgeBars: 5 });
    expect(folds.map((f) => [f.trainStart, f.trainEnd, f.testStart, f.testEnd])).toEqual([
      [0, 100, 105, 125],
      [25, 125, 130, 150],
    ]);
  });

  it('a prefix of the data gives a prefix of the folds (the last one possibly shorter)', () => {
    const full = planFolds(400, config);
    for (const length of [103, 150, 199, 260]) {
      const prefix = planFolds(length, config);
      prefix.forEach((fold, i) => {
        expect(fold.trainEnd).toBe(full[i].trainEnd);
        expect(fold.testStart).toBe(full[i].testStart);
        expect(fold.testEnd).toBe(Math.min(full[i].testEnd, length));
      });
      expect(full.filter((fold) => fold.testStart < length).length).toBe(prefix.length);
    }
  });

  it('no fold when the data is shorter than train + purge + 1 bars', () => {
    expect(minimumBarsForOneFold(config)).toBe(103);
    expect(planFolds(102, config)).toEqual([]);
    expect(planFolds(103, config)).toHaveLength(1);
  });
});

describe('scaler', () => {
  const column = Float64Array.from([1, 2, 3, 4, 100]);
  const constant = Float64Array.from([5, 5, 5, 5, 5]);
  it('minmax maps the training rows to [0, 1] and ignores rows outside the range', () => {
    const scaler = fitScaler([column, constant], 0, 4, 'minmax');
    expect(Array.from(scaler.offset)).toEqual([1, 5]);
    expect(Array.from(scaler.scale)).toEqual([3, 1]);
    expect(Array.from(scaleRows([column, constant], scaler, 3, 5))).toEqual([1, 0, 33, 0]);
  });
  it('zscore uses the population standard deviation', () => {
    const scaler = fitScaler([column], 0, 4, 'zscore');
    expect(scaler.offset[0]).toBe(2.5);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(1.25), 15);
  });
});

describe('computeForecastMetrics', () => {
  it('MSE, RMSE, MAE, directional accuracy and the ratio to the naive (zero) forecast', () => {
    const forecasts = [NaN, 0.01, -0.02, 0.03, 0];
    const realized = [0.5, 0.02, 0.01, 0.01, -0.01];
    const m = computeForecastMetrics(forecasts, realized);
    expect(m.count).toBe(4);
    const mse = (0.01 ** 2 + 0.03 ** 2 + 0.02 ** 2 + 0.01 ** 2) / 4;
    expect(m.mse).toBeCloseTo(mse, 15);
    expect(m.rmse).toBeCloseTo(Math.sqrt(mse), 15);
    expect(m.mae).toBeCloseTo(0.07 / 4, 15);
    expect(m.directionalCount).toBe(3);
    expect(m.directionalAccuracy).toBeCloseTo(2 / 3, 15);
    const naive = Math.sqrt((0.02 ** 2 + 0.01 ** 2 + 0.01 ** 2 + 0.01 ** 2) / 4);
    expect(m.rmseRatioVsNaive).toBeCloseTo(Math.sqrt(mse) / naive, 12);
  });
  it('null metrics when nothing overlaps', () => {
    expect(computeForecastMetrics([NaN], [1]).rmse).toBeNull();
  });
});
