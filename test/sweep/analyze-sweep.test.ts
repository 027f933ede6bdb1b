import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import type { Bar } from '../../src/data/bar.ts';
import type { BarFrequency } from '../../src/data/bar-frequency.ts';
import { windowOf } from '../../src/run/evaluation-window.ts';
import { measureOverWindow } from '../../src/run/measure.ts';
import { conventionsOf } from '../../src/run/run-backtest.ts';
import { analyzeSweep } from '../../src/sweep/analyze-sweep.ts';
import { parseSweepConfig } from '../../src/sweep/load-sweep.ts';
import { measureTrial, trackRecordMetrics } from '../../src/sweep/measure-trial.ts';
import type { TrialDecision } from '../../src/sweep/trial-job.ts';
import { barsFromCloses, normalSource, randomWalkBars } from '../helpers/bars.ts';

const config = `name: analysis
data: { source: csv, path: unused.csv }
broker: { cash: 10000, commission: 0.001, slippage: 0.0005 }
strategies:
  - { name: sma, type: sma-crossover, params: { fast: 5, slow: 20 } }
sweep:
  grid: { sma.params.fast: [1, 2, 3, 4, 5, 6, 7, 8] }
  wfo: { trainBars: 200, testBars: 100 }
  cscv: { partitions: 8 }
`;

/** Daily bars' frequency, as the run detects it for the shipped files. */
const daily: BarFrequency = { medianSpacingSeconds: 86400, label: '1d', intraday: false, barsPerDay: 1, tradingDaysPerYear: 252, periodsPerYear: 252, rule: 'daily bars: 252 a year' };

/** A decision series as a trial returns it: NaN before `from`, then the given targets. */
function decision(targets: ArrayLike<number>, from = 0): TrialDecision {
  return { targetPositions: Array.from(targets, (v, t) => (t < from || Number.isNaN(v) ? null : v)), warnings: [], seconds: 0 };
}

describe('sweep analysis', () => {
  it('a track record from the window start is the backtest up to that bar (the broker is causal)', () => {
    const bars = randomWalkBars(600, 3, { volatility: 0.02 });
    const { loaded } = parseSweepConfig(config, 'a.yaml');
    const conventions = conventionsOf(loaded, daily);
    const random = normalSource(4);
    const targets = Float64Array.from({ length: bars.length }, () => (random() > 0 ? 1 : 0));
    const window = windowOf(bars, 50, 599);
    const measured = measureTrial(bars, decision(targets), conventions, { mode: 'long-only' }, window);
    for (const toBar of [120, 333, 598]) {
      const span = measureOverWindow(bars, targets, undefined, conventions, 'long-only', windowOf(bars, 50, toBar), null).metrics;
      const record = trackRecordMetrics(bars, measured, 50, toBar, conventions);
      // All but the commissions of a trade still open at toBar, which a track record leaves out.
      expect({ ...record, commissionsPaid: 0 }).toEqual({ ...span, commissionsPaid: 0 });
      expect(record.commissionsPaid).toBeLessThanOrEqual(span.commissionsPaid + 1e-9);
    }
  });

  it('a planted better trial: chosen at every refit, the best in hindsight, a high deflated Sharpe and a PBO near 0', () => {
    // Prices drift up on odd bars and down on even ones; trial 5 holds only across the up moves,
    // the others hold at random.
    const random = normalSource(8);
    const closes: number[] = [100];
    for (let t = 1; t < 900; t++) closes.push(closes[t - 1] * Math.exp((t % 2 === 1 ? 0.004 : -0.004) + 0.01 * random()));
    const bars: Bar[] = barsFromCloses(closes);
    const { loaded, definition } = parseSweepConfig(config, 'a.yaml');
    const conventions = { ...conventionsOf(loaded, daily), commissionRate: 0, slippageRate: 0, wholeShares: false };
    const window = windowOf(bars, 10, 899);
    const trials = definition.trials.map((spec) => {
      // A decision at bar t's close trades bar t+1 (open to close under these bars: open = previous close).
      const targets = Float64Array.from({ length: bars.length }, (_, t) => (spec.index === 5 ? ((t + 1) % 2 === 1 ? 1 : 0) : random() > 0 ? 1 : 0));
      return { spec, decision: decision(targets) };
    });
    const references = definition.references.map((reference) => ({ reference, decision: decision(new Float64Array(bars.length).fill(1)) }));
    const analysis = analyzeSweep({ bars, window, conventions, definition, trials, references });
    expect(analysis.ranking[0]).toBe(5);
    expect(analysis.selection.trial).toBe(5);
    expect(analysis.selection.deflatedSharpe).toBeGreaterThan(0.99);
    expect(analysis.pbo.available && analysis.pbo.pbo).toBeLessThan(0.05);
    const wfo = analysis.wfo;
    if (!wfo.available) throw new Error(wfo.reason);
    expect(wfo.refits.map((r) => r.trial)).toEqual(wfo.refits.map(() => 5));
    expect(wfo.distinctChoices).toBe(1);
    // Choosing trial 5 every time is trading trial 5 from the first refit: the same equity.
    expect(wfo.metrics).toEqual(wfo.bestInHindsight.metrics);
    expect(wfo.buyAndHold?.name).toBe('buy-and-hold');
    expect(wfo.equity.wfo.date[0]).toBe(bars[210].date);
  });

  it('pure noise: no trial stands out, the deflated Sharpe ratio does not clear 0.95, WFO trails the best in hindsight', () => {
    const bars = randomWalkBars(1200, 21, { volatility: 0.015 });
    const { loaded, definition } = parseSweepConfig(config, 'a.yaml');
    const conventions = conventionsOf(loaded, daily);
    const window = windowOf(bars, 10, 1199);
    const random = normalSource(22);
    const trials = definition.trials.map((spec) => ({ spec, decision: decision(Float64Array.from({ length: bars.length }, () => (random() > 0 ? 1 : 0))) }));
    const analysis = analyzeSweep({ bars, window, conventions, definition, trials, references: [] });
    expect(analysis.selection.trials).toBe(8);
    expect(analysis.selection.deflatedSharpe).toBeLessThan(analysis.selection.probabilisticSharpe);
    expect(analysis.selection.deflatedSharpe).toBeLessThan(0.95);
    const wfo = analysis.wfo;
    if (!wfo.available) throw new Error(wfo.reason);
    expect(wfo.metrics.totalReturnPct).toBeLessThan(wfo.bestInHindsight.metrics.totalReturnPct);
    expect(wfo.buyAndHold).toBeNull();
  });

  it('reports why a statistic is missing instead of a number', () => {
    const bars = randomWalkBars(120, 2);
    const { definition } = parseSweepConfig(config.replace('[1, 2, 3, 4, 5, 6, 7, 8]', '[3]'), 'a.yaml');
    const analysis = analyzeSweep({
      bars,
      window: windowOf(bars, 20, 119),
      conventions: conventionsOf(parseConfig(config, 'a.yaml'), daily),
      definition,
      trials: definition.trials.map((spec) => ({ spec, decision: decision(new Float64Array(bars.length).fill(1)) })),
      references: [],
    });
    expect(analysis.pbo).toEqual({ available: false, reason: 'one trial: nothing was selected' });
    expect(analysis.wfo).toMatchObject({ available: false, reason: expect.stringMatching(/too few for wfo\.trainBars \(200\)/) });
  });
});
