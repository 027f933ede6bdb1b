import { describe, expect, it } from 'vitest';
import { attentionOf, buildChartPayload } from '../../src/report/chart-payload.ts';
import { renderModelSection } from '../../src/report/model-section.ts';
import { makeFixtureResults } from '../helpers/report-fixture.ts';

describe('model section: attention and ensemble spread', () => {
  const results = makeFixtureResults({ bars: 400, ruleStrategies: 0 });
  const index = results.strategies.findIndex((s) => s.model);
  const strategy = results.strategies[index];

  it("draws each fold's attention over the window when the folds have it, and nothing when they do not", () => {
    expect(renderModelSection(strategy, index)).toContain(`data-chart="attention" data-strategy="${index}"`);
    const payload = attentionOf(strategy)!;
    expect(payload.lookback).toBe(20);
    expect(payload.folds).toHaveLength(strategy.model!.folds.length);
    expect(payload.folds[0].weights).toHaveLength(20);
    expect(payload.folds[0].label).toMatch(/^1: \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d$/);
    const without = { ...strategy, model: { ...strategy.model!, folds: strategy.model!.folds.map(({ attention: _, ...fold }) => fold) } };
    expect(renderModelSection(without, index)).not.toContain('data-chart="attention"');
    expect(attentionOf(without)).toBeUndefined();
  });

  it("states the members' spread and puts it on the forecast chart", () => {
    expect(renderModelSection(strategy, index)).toMatch(/members' spread \(median sd of their forecasts\) \d/);
    const series = buildChartPayload(results).strategies[index];
    expect(series.forecast!.spread).toHaveLength(series.forecast!.predicted.length);
    expect(series.attention!.folds).toHaveLength(strategy.model!.folds.length);
  });
});
