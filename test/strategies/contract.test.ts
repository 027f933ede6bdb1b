import { describe, expect, it } from 'vitest';
import { strategyRegistry } from '../../strategies/index.ts';
import type { StrategyContext } from '../../src/strategy/types.ts';
import { exitsSchema } from '../../src/backtest/exits.ts';
import { simulate, type SimulationSettings } from '../../src/backtest/simulate.ts';
import { averageTrueRange } from '../../src/features/average-true-range.ts';
import { loadCsvSeries } from '../../src/data/load-csv.ts';
import { silentProgress } from '../../src/core/progress.ts';

/**
 * One contract every strategy type runs, like trading-signals' shared indicator contract:
 * (1) no look-ahead: outputs for bars 0..t are identical when every bar after t is deleted;
 * (2) determinism: the same seed gives the same output;
 * (3) exits keep (1): with stops, take-profits, trailing stops, time exits and limit entries on
 *     (ATR computed from the bars given), a prefix of the bars gives a prefix of the fills and trades.
 * A new strategy type must add small, fast params here (the first test fails until it does).
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

const contextFor = (mode: 'long-only' | 'long-short', seed = 7): StrategyContext => ({
  seed, mode, engine: 'auto', fused: true, workers: 1, progress: silentProgress,
});
const bars = loadCsvSeries('data/GOOG.csv').bars.slice(0, 400);
// Every cut leaves room for at least one walk-forward fold of the tiny forecasters below.
const cutPoints = [260, 333, 371];
// Brackets that fire often on these bars: ATR and fraction distances, market and limit entries.
const exitCases = [
  exitsSchema.parse({ stopLoss: { atrMultiple: 1.5 }, takeProfit: { fraction: 0.03 }, trailingStop: { atrMultiple: 3 }, maxBars: 15, atrPeriod: 10 }),
  exitsSchema.parse({ entry: 'limit', limitOffset: 0.005, stopLoss: { fraction: 0.02 }, takeProfit: { atrMultiple: 2 }, trailingStop: { fraction: 0.04 }, maxBars: 10 }),
];

describe('strategy contract', () => {
  it('the truncation check catches a strategy that peeks at the next bar', async () => {
    const peeking = (input: readonly { close: number }[]) =>
      Float64Array.from(input, (bar, t) => (t + 1 < input.length && input[t + 1].close > bar.close ? 1 : 0));
    const full = peeking(bars);
    const leaks = cutPoints.filter(
      (cut) => JSON.stringify(Array.from(peeking(bars.slice(0, cut)))) !== JSON.stringify(Array.from(full.subarray(0, cut))),
    );
    expect(leaks.length).toBeGreaterThan(0);
  });

  it('every registered strategy type has contract params', () => {
    expect([...strategyRegistry.keys()].filter((type) => !contractParams[type])).toEqual([]);
  });

  for (const [type, cases] of Object.entries(contractParams)) {
    for (const { params, mode = 'long-only' } of cases) {
      describe(`${type} ${JSON.stringify(params)} ${mode}`, () => {
        const definition = strategyRegistry.get(type)!;
        const create = (seed?: number) => definition.create(definition.params.parse(params), contextFor(mode, seed));

        it('no look-ahead: decisions up to t do not change when later bars are deleted', async () => {
          const full = (await create().run(bars)).targetPositions;
          expect(full).toHaveLength(bars.length);
          for (const cut of cutPoints) {
            const truncated = (await create().run(bars.slice(0, cut))).targetPositions;
            expect(Array.from(truncated)).toEqual(Array.from(full.subarray(0, cut)));
          }
          // And the fills the broker makes from them agree over the common prefix.
          const settings = { cash: 10_000, commissionRate: 0.001, slippageRate: 0, sizing: 'all-in', wholeShares: true, mode } as const;
          const fullFills = simulate(bars, full, settings).fills;
          const cut = cutPoints[1];
          const prefixFills = simulate(bars.slice(0, cut), full.subarray(0, cut), settings).fills;
          expect(prefixFills).toEqual(fullFills.filter((fill) => fill.bar < cut));

          // With exits on: the ATR and every intrabar fill use nothing after the bar they happen in.
          for (const exits of exitCases) {
            const withExits = (input: typeof bars, targets: ArrayLike<number>) =>
              simulate(input, targets, { ...settings, exits, averageTrueRange: averageTrueRange(input, exits.atrPeriod) } satisfies SimulationSettings);
            const whole = withExits(bars, full);
            for (const at of cutPoints) {
              const prefix = withExits(bars.slice(0, at), full.subarray(0, at));
              expect(prefix.fills).toEqual(whole.fills.filter((fill) => fill.bar < at));
              expect(prefix.trades).toEqual(whole.trades.filter((trade) => trade.exitBar! < at));
            }
            // The exits do act: any strategy that trades has some trade closed by them (or still held by them).
            if (whole.fills.length > 0) expect(whole.trades.some((trade) => trade.exitReason !== 'signal')).toBe(true);
          }
        });

        it('same seed, same output', async () => {
          const first = await create(11).run(bars);
          const second = await create(11).run(bars);
          expect(Array.from(second.targetPositions)).toEqual(Array.from(first.targetPositions));
        });
      });
    }
  }
});
