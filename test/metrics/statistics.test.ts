import { describe, expect, it } from 'vitest';
import { computeStatistics, equityReturns, type StrategyStatistics } from '../../src/metrics/statistics.ts';
import { probabilisticSharpeRatio } from '../../src/metrics/probabilistic-sharpe.ts';
import type { RunResults } from '../../src/run/results.ts';
import { makeFixtureResults } from '../helpers/report-fixture.ts';

const statsOf = (results: RunResults, name: string) => results.strategies.find((s) => s.name === name)!.statistics as StrategyStatistics;

describe('computeStatistics', () => {
  const results = makeFixtureResults({ bars: 500, ruleStrategies: 2, withModel: true });
  computeStatistics(results);

  it('fills every strategy, counting every strategy as a trial', () => {
    for (const strategy of results.strategies) {
      const stats = strategy.statistics as StrategyStatistics;
      expect(stats.trials).toBe(results.strategies.length);
      expect(stats.observations).toBe(strategy.equity.length - 1);
      expect(stats.sharpeInterval.level).toBe(0.95);
      expect(stats.sharpeInterval.seed).toBe(results.seed);
      // The interval is about the Sharpe ratio the metrics table shows.
      expect(stats.sharpeInterval.estimate).toBeCloseTo(strategy.metrics.sharpe, 10);
      expect(stats.sharpeInterval.lower).toBeLessThan(stats.sharpeInterval.estimate);
      expect(stats.sharpeInterval.upper).toBeGreaterThan(stats.sharpeInterval.estimate);
      expect(stats.verdict.length).toBeGreaterThan(20);
      // The deflated Sharpe ratio can never exceed the plain probabilistic one.
      expect(stats.deflatedSharpe).toBeLessThanOrEqual(stats.probabilisticSharpe);
      expect(stats.probabilisticSharpe).toBeCloseTo(
        probabilisticSharpeRatio({ sharpe: stats.sharpePerPeriod, benchmarkSharpe: 0, observations: stats.observations, skewness: stats.skewness, kurtosis: stats.kurtosis }),
        14,
      );
    }
  });

  it('uses the equity curve close-to-close returns', () => {
    const returns = equityReturns([
      { bar: 0, date: 'a', equity: 100, cash: 0, position: 0 },
      { bar: 1, date: 'b', equity: 110, cash: 0, position: 0 },
      { bar: 2, date: 'c', equity: 99, cash: 0, position: 0 },
    ]);
    expect(Array.from(returns)).toEqual([0.10000000000000009, -0.09999999999999998]);
  });

  it('tests the forecaster against the naive zero-return forecast only where both exist', () => {
    const strategy = results.strategies.find((s) => s.model)!;
    const stats = strategy.statistics as StrategyStatistics;
    const { forecasts, realized } = strategy.model!;
    let count = 0;
    let mseModel = 0;
    let mseNaive = 0;
    forecasts.forEach((f, t) => {
      if (Number.isFinite(f) && Number.isFinite(realized[t])) {
        count++;
        mseModel += (realized[t] - f) ** 2;
        mseNaive += realized[t] ** 2;
      }
    });
    expect(stats.forecastVsNaive!.observations).toBe(count);
    expect(stats.forecastVsNaive!.mseModel).toBeCloseTo(mseModel / count, 15);
    expect(stats.forecastVsNaive!.mseNaive).toBeCloseTo(mseNaive / count, 15);
    // The fixture's forecaster peeks at the answer, so it must beat naive and be called significant.
    expect(stats.forecastSignificant).toBe(true);
    expect(stats.verdict).toMatch(/beat the naive/);
    expect(statsOf(results, 'buy-and-hold').forecastVsNaive).toBeUndefined();
  });

  it('tests each strategy against the benchmark on active returns', () => {
    const benchmark = results.strategies.find((s) => s.isBenchmark)!;
    expect(statsOf(results, benchmark.name).versusBenchmark).toBeUndefined();
    for (const strategy of results.strategies.filter((s) => !s.isBenchmark)) {
      const versus = (strategy.statistics as StrategyStatistics).versusBenchmark!;
      expect(versus.benchmark).toBe(benchmark.name);
      const own = equityReturns(strategy.equity);
      const theirs = equityReturns(benchmark.equity);
      const active = Array.from(own, (r, i) => r - theirs[i]);
      const mean = active.reduce((a, b) => a + b, 0) / active.length;
      const sd = Math.sqrt(active.reduce((a, b) => a + (b - mean) ** 2, 0) / (active.length - 1));
      expect(versus.observations).toBe(active.length);
      expect(versus.informationRatioAnnualized).toBeCloseTo((mean / sd) * Math.sqrt(252), 10);
      expect(versus.interval.lower).toBeLessThan(versus.informationRatioAnnualized);
      expect(strategy.statistics!.verdict).toMatch(/(beats?|worse than) buy-and-hold/);
    }
  });

  it('says in plain words when an edge is not significant', () => {
    for (const strategy of results.strategies) {
      const stats = strategy.statistics as StrategyStatistics;
      if (!stats.edgeSignificant) expect(stats.verdict).toMatch(/^(Not significant|No edge)/);
      else expect(stats.verdict).toMatch(/^Significant/);
    }
  });

  it('reads a results.json round trip (NaN stored as null) and is deterministic', () => {
    const again = JSON.parse(JSON.stringify(makeFixtureResults({ bars: 500, ruleStrategies: 2, withModel: true }))) as RunResults;
    computeStatistics(again);
    for (const strategy of again.strategies) {
      const original = statsOf(results, strategy.name);
      expect(JSON.stringify(strategy.statistics)).toBe(JSON.stringify(original));
    }
  });

  it('with one strategy the deflated Sharpe equals the probabilistic Sharpe', () => {
    const single = makeFixtureResults({ bars: 300, ruleStrategies: 0, withModel: false });
    computeStatistics(single);
    const stats = single.strategies[0].statistics as StrategyStatistics;
    expect(stats.trials).toBe(1);
    expect(stats.deflatedSharpe).toBe(stats.probabilisticSharpe);
  });
});
