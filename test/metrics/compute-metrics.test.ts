import { describe, expect, it } from 'vitest';
import type { Trade } from '../../src/backtest/types.ts';
import { drawdownPeriods, drawdownSeries } from '../../src/metrics/drawdown.ts';
import { geometricMeanReturn, periodReturns } from '../../src/metrics/returns.ts';
import {
  annualizedGeometricSharpe, annualizedReturn, annualizedVolatility, calmarRatio, compoundAnnualGrowthRate, sortinoRatio,
} from '../../src/metrics/risk-ratios.ts';
import { tradeStats } from '../../src/metrics/trade-stats.ts';

// Hand-worked on equity 100 -> 110 -> 99 -> 108.9, i.e. returns +10%, -10%, +10%.
const equity = [100, 110, 99, 108.9];
const returns = periodReturns(equity);
// Four periods a year keeps the hand arithmetic readable: g = 1.089^(1/3) - 1.
const P = 4;

describe('risk metrics (backtesting.py definitions)', () => {
  it('period returns and geometric mean', () => {
    expect(Array.from(returns).map((r) => +r.toFixed(12))).toEqual([0.1, -0.1, 0.1]);
    expect(geometricMeanReturn(returns)).toBeCloseTo(0.02882764781017766, 14);
    expect(geometricMeanReturn([0.5, -1])).toBe(0);
  });
  it('Return (Ann.) = (1 + g)^P - 1', () => {
    expect(annualizedReturn(returns, P)).toBeCloseTo(0.12039330846528373, 12);
  });
  it('Volatility (Ann.) = sqrt((var + (1+g)^2)^P - (1+g)^2P), var with ddof 1', () => {
    expect(annualizedVolatility(returns, P)).toBeCloseTo(0.25387846269260683, 12);
  });
  it('Sharpe, with and without a risk-free rate', () => {
    expect(annualizedGeometricSharpe(returns, P)).toBeCloseTo(0.47421631275219506, 12);
    expect(annualizedGeometricSharpe(returns, P, 0.02)).toBeCloseTo(0.39543846059458304, 12);
    expect(annualizedGeometricSharpe(returns, 252)).toBeCloseTo(0.21092831597807488, 10);
  });
  it('Sortino = (Return (Ann.) - rf) / (sqrt(mean(min(r,0)^2)) sqrt(P))', () => {
    expect(sortinoRatio(returns, P)).toBeCloseTo(1.042636635765918, 12);
  });
  it('max drawdown, drawdown periods and Calmar', () => {
    const drawdown = drawdownSeries(equity);
    expect(Array.from(drawdown).map((d) => +d.toFixed(12))).toEqual([0, 0, -0.1, -0.01]);
    // One period from the peak at bar 1 to the end of the data (never recovered).
    expect(drawdownPeriods(drawdown)).toEqual([{ startBar: 1, endBar: 3, durationBars: 2, trough: expect.closeTo(-0.1, 12) }]);
    expect(calmarRatio(annualizedReturn(returns, P), -0.1)).toBeCloseTo(1.2039330846528373, 12);
    // Two separate dips: depths 0.2 and 0.5, recovered at bars 3 and 6.
    expect(drawdownPeriods(drawdownSeries([10, 8, 9, 11, 5.5, 8, 12]))).toEqual([
      { startBar: 0, endBar: 3, durationBars: 3, trough: expect.closeTo(-0.2, 12) },
      { startBar: 3, endBar: 6, durationBars: 3, trough: -0.5 },
    ]);
  });
  it('CAGR over calendar days / 365.25', () => {
    expect(compoundAnnualGrowthRate(100, 108.9, 30)).toBeCloseTo(1.8236732269554445, 12);
    expect(compoundAnnualGrowthRate(100, 121, 730.5)).toBeCloseTo(0.1, 12);
  });
});

describe('trade statistics', () => {
  const trade = (returnPct: number, pnl: number, barsHeld: number): Trade => ({
    direction: 1, size: 1, entryBar: 0, entryDate: '', entryPrice: 1, exitBar: barsHeld, exitDate: '', exitPrice: 1,
    pnl, returnPct, commission: 0, barsHeld, exitReason: 'signal', open: false,
  });
  it('win rate, best/worst/avg, profit factor, expectancy, SQN', () => {
    const stats = tradeStats([trade(20, 20, 5), trade(-10, -10, 3), trade(5, 5, 1)]);
    expect(stats.trades).toBe(3);
    expect(stats.winRatePct).toBeCloseTo(200 / 3, 12);
    expect(stats.bestTradePct).toBeCloseTo(20, 12);
    expect(stats.worstTradePct).toBeCloseTo(-10, 12);
    expect(stats.avgTradePct).toBeCloseTo(4.280799346593489, 10); // geometric, as backtesting.py
    expect(stats.profitFactor).toBeCloseTo(2.5, 12);
    expect(stats.expectancyPct).toBeCloseTo(5, 12);
    expect(stats.sqn).toBeCloseTo(0.5773502691896257, 12);
    expect(stats.maxTradeDurationBars).toBe(5);
    expect(stats.avgTradeDurationBars).toBe(3);
  });
  it('no trades: ratios are NaN, count is 0', () => {
    const stats = tradeStats([]);
    expect(stats.trades).toBe(0);
    expect(stats.winRatePct).toBeNaN();
    expect(stats.profitFactor).toBeNaN();
  });
});
