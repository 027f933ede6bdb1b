import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { strategyRegistry } from '../../strategies/index.ts';
import { simulate } from '../../src/backtest/simulate.ts';
import { averageTrueRange } from '../../src/features/average-true-range.ts';
import { loadCsvSeries } from '../../src/data/load-csv.ts';
import { silentProgress } from '../../src/core/progress.ts';
import { CONTRACT_EXIT_CASES, checkStrategyContract, spreadCutPoints } from '../../src/check/strategy-contract.ts';
import { defineStrategy } from '../../src/strategy/define-strategy.ts';
import type { StrategyDefinition } from '../../src/strategy/types.ts';

/**
 * One contract every strategy type runs (src/check/strategy-contract.ts, which `walkforward check`
 * runs on a user's plug-in), like trading-signals' shared indicator contract: no look-ahead by
 * truncation (decisions, and the fills and trades made from them with and without exits), and
 * same seed, same output. A new strategy type must add small, fast params here (the first test
 * fails until it does).
 */
// Small enough to train in a second: 2 short folds on 400 bars, every cut still holds a fold.
const tinyForecaster = {
  features: [{ name: 'log-return' }, { name: 'rsi', period: 14 }],
  lookback: 5,
  walkforward: { trainBars: 150, testBars: 40, validationFraction: 0 },
  signal: { type: 'threshold', threshold: 0 },
};

export const contractParams: Record<string, Array<{ params: Record<string, unknown>; mode?: 'long-only' | 'long-short' }>> = {
  'buy-and-hold': [{ params: {} }],
  'sma-crossover': [{ params: { fast: 5, slow: 20 } }, { params: { fast: 5, slow: 20 }, mode: 'long-short' }],
  'rsi-reversion': [{ params: { period: 14, lower: 30, upper: 70 }, mode: 'long-short' }],
  // The old name of `forecast`, kept as an alias: the same definition, checked once more with a baseline.
  'lstm-forecast': [{ params: { ...tinyForecaster, model: { type: 'naive' } } }],
  forecast: [
    { params: { ...tinyForecaster, model: { type: 'lstm', layers: [4], epochs: 2, batchSize: 32, patience: 0 } } },
    { params: { ...tinyForecaster, model: { type: 'gru', layers: [3], epochs: 2, batchSize: 32, patience: 0 } }, mode: 'long-short' },
    { params: { ...tinyForecaster, model: { type: 'linear' } } },
    { params: { ...tinyForecaster, model: { type: 'naive' } } },
  ],
};

const bars = loadCsvSeries('data/GOOG.csv').bars.slice(0, 400);
// Every cut leaves room for at least one walk-forward fold of the tiny forecasters.
const cutPoints = [260, 333, 371];

/** A rule that reads `bars[t + ahead]` when deciding at t (a user's off-by-one). */
function peeking(ahead: number): StrategyDefinition<Record<string, never>> {
  return defineStrategy({
    type: `peek-${ahead}`,
    description: 'looks ahead',
    params: z.strictObject({}),
    warmupBars: () => 0,
    create: () => ({
      async run(input) {
        return { targetPositions: Float64Array.from(input, (bar, t) => (t + ahead < input.length && input[t + ahead].close > bar.close ? 1 : 0)) };
      },
    }),
  });
}

describe('strategy contract', () => {
  it('catches a strategy that peeks at the next bar, naming the first bar whose decision changed', async () => {
    const report = await checkStrategyContract(peeking(1), {}, { bars, mode: 'long-only', cutPoints: spreadCutPoints(bars.length, 0, 12) });
    expect(report.passed).toBe(false);
    const check = report.checks.find((c) => c.name === 'no-look-ahead')!;
    expect(check.passed).toBe(false);
    // Kept k bars, the decision at k-1 saw bar k: 1 where the next close is higher, 0 once it is gone.
    const change = check.firstChange!;
    expect(change.bar).toBe(change.keptBars! - 1);
    expect([change.expected, change.actual]).toEqual([1, 0]);
    expect(change.date).toBe(bars[change.bar].date);
    expect(check.summary).toContain(`changed the decision at bar ${change.bar} (${change.date})`);
  });

  it('catches a strategy that reads the last bar (the cut that keeps all but one)', async () => {
    const lastClose = defineStrategy({
      type: 'above-last', description: 'long while below the final close', params: z.strictObject({}), warmupBars: () => 0,
      create: () => ({ async run(input) { return { targetPositions: Float64Array.from(input, (bar) => (bar.close < input.at(-1)!.close ? 1 : 0)) }; } }),
    });
    const report = await checkStrategyContract(lastClose, {}, { bars, mode: 'long-only' });
    expect(report.checks.find((c) => c.name === 'no-look-ahead')!.passed).toBe(false);
  });

  it('catches a strategy whose output depends on something besides the seed', async () => {
    let calls = 0;
    const drifting = defineStrategy({
      type: 'drift', description: 'differs per run', params: z.strictObject({}), warmupBars: () => 0,
      create: () => { const run = calls++; return { async run(input) { return { targetPositions: Float64Array.from(input, (_, t) => (t === 123 ? run % 2 : 0)) }; } }; },
    });
    const report = await checkStrategyContract(drifting, {}, { bars, mode: 'long-only', cutPoints: [] });
    const check = report.checks.find((c) => c.name === 'determinism')!;
    expect(check.passed).toBe(false);
    expect(check.firstChange).toMatchObject({ bar: 123, date: bars[123].date });
  });

  it('every registered strategy type has contract params', () => {
    expect([...strategyRegistry.keys()].filter((type) => !contractParams[type])).toEqual([]);
  });

  for (const [type, cases] of Object.entries(contractParams)) {
    for (const { params, mode = 'long-only' } of cases) {
      it(`${type} ${JSON.stringify(params)} ${mode}: no look-ahead (decisions, fills, trades), same seed same output`, async () => {
        const definition = strategyRegistry.get(type)!;
        const parsed = definition.params.parse(params);
        const report = await checkStrategyContract(definition, parsed, { bars, mode, cutPoints, seed: 11, context: { workers: 1 } });
        expect(report.checks.filter((check) => !check.passed)).toEqual([]);
        expect(report.checks.map((check) => check.name)).toEqual(['no-look-ahead', 'fills', 'determinism']);

        // The exit cases do act: any strategy that trades has some trade closed by them.
        const full = (await definition.create(parsed, { seed: 11, mode, engine: 'auto', fused: true, workers: 1, progress: silentProgress }).run(bars)).targetPositions;
        const settings = { cash: 10_000, commissionRate: 0.001, slippageRate: 0, sizing: 'all-in', wholeShares: true, mode } as const;
        for (const exits of CONTRACT_EXIT_CASES) {
          const whole = simulate(bars, full, { ...settings, exits, averageTrueRange: averageTrueRange(bars, exits.atrPeriod) });
          if (whole.fills.length > 0) expect(whole.trades.some((trade) => trade.exitReason !== 'signal')).toBe(true);
        }
      });
    }
  }
});
