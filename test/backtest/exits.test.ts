import { describe, expect, it } from 'vitest';
import { exitsSchema, type ExitRules } from '../../src/backtest/exits.ts';
import { simulate, type SimulationSettings } from '../../src/backtest/simulate.ts';
import type { Bar } from '../../src/data/bar.ts';
import { barsFromOhlc, randomWalkBars } from '../helpers/bars.ts';

// Hand-worked bars, [open, high, low, close]. No costs unless a test says so: 1000 cash buys 10 shares at 100.
const settings: SimulationSettings = {
  cash: 1000, commissionRate: 0, slippageRate: 0, sizing: 'all-in', wholeShares: true, mode: 'long-only',
};
const flat: [number, number, number, number] = [100, 101, 99, 100];

/** Targets held from each listed bar on (NaN before the first). */
function hold(length: number, entries: Record<number, number>): Float64Array {
  const out = new Float64Array(length).fill(NaN);
  let current = NaN;
  for (let t = 0; t < length; t++) {
    if (t in entries) current = entries[t];
    out[t] = current;
  }
  return out;
}

function run(bars: Bar[], entries: Record<number, number>, exits: Partial<ExitRules>, extra: Partial<SimulationSettings> = {}) {
  return simulate(bars, hold(bars.length, entries), { ...settings, ...extra, exits: exitsSchema.parse(exits) });
}

const fillsOf = (result: ReturnType<typeof simulate>) => result.fills.map((f) => [f.bar, f.shares, f.price]);

describe('stop-loss', () => {
  it('fills at its price inside the bar; the strategy re-enters only when its target changes', () => {
    const bars = barsFromOhlc([
      flat,
      [100, 102, 98, 101], // enter 10 at 100; stop 95
      [101, 101, 96, 97],
      [97, 98, 94, 95], // low 94 <= 95: stopped at 95
      [95, 99, 94, 98], // target still 1: no re-entry
      [98, 99, 97, 98], // the decision of bar 4 (flat) changes nothing
      [98, 100, 97, 99], // the decision of bar 5 (long again) enters: floor(950 / 98) = 9 shares
      [99, 100, 98, 100],
    ]);
    const result = run(bars, { 0: 1, 4: 0, 5: 1 }, { stopLoss: { fraction: 0.05 } });
    expect(fillsOf(result)).toEqual([[1, 10, 100], [3, -10, 95], [6, 9, 98]]);
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ entryBar: 1, exitBar: 3, exitPrice: 95, exitReason: 'stop', barsHeld: 2, pnl: -50 });
    expect(result.equity[4]).toMatchObject({ position: 0, equity: 950 });
    expect(result.openTrades[0]).toMatchObject({ entryBar: 6, entryPrice: 98, exitReason: null });
  });

  it('a gap through the stop fills at the open, with slippage and commission', () => {
    const bars = barsFromOhlc([flat, [100, 102, 98, 101], [90, 92, 88, 91], [91, 92, 90, 91]]);
    const plain = run(bars, { 0: 1 }, { stopLoss: { fraction: 0.05 } });
    expect(plain.trades[0]).toMatchObject({ exitBar: 2, exitPrice: 90, exitReason: 'stop', pnl: -100 });

    // Entry 100 x 1.01 = 101 for floor(1000 / (101 x 1.001)) = 9 shares; stop 101 x 0.95 = 95.95;
    // the bar opens at 90, so the sell fills at 90 x 0.99 = 89.1; commission 0.909 + 0.8019.
    const costly = run(bars, { 0: 1 }, { stopLoss: { fraction: 0.05 } }, { commissionRate: 0.001, slippageRate: 0.01 });
    expect(costly.fills.map((f) => f.shares)).toEqual([9, -9]);
    expect(costly.fills[0].price).toBeCloseTo(101, 12);
    expect(costly.fills[1].price).toBeCloseTo(89.1, 12);
    expect(costly.trades[0].commission).toBeCloseTo(0.909 + 0.8019, 12);
    expect(costly.trades[0].pnl).toBeCloseTo((89.1 - 101) * 9 - 1.7109, 9);
  });

  it('never uses a bar before the entry fill: a market entry can be stopped in its own fill bar, not by the decision bar', () => {
    // The decision bar's low (80) is far below the stop; only the fill bar and later count.
    const bars = barsFromOhlc([[100, 101, 80, 100], [100, 101, 94, 96], flat]);
    const result = run(bars, { 0: 1 }, { stopLoss: { fraction: 0.05 } });
    expect(result.trades[0]).toMatchObject({ entryBar: 1, exitBar: 1, exitPrice: 95, exitReason: 'stop', barsHeld: 0 });
  });
});

describe('take-profit', () => {
  const bracket = { stopLoss: { fraction: 0.05 }, takeProfit: { fraction: 0.1 } };
  const withBar2 = (bar: [number, number, number, number]) => barsFromOhlc([flat, [100, 102, 98, 101], bar, flat]);

  it('when one bar touches both the stop and the take-profit, the stop is assumed first', () => {
    const result = run(withBar2([101, 111, 94, 105]), { 0: 1 }, bracket);
    expect(result.trades[0]).toMatchObject({ exitBar: 2, exitPrice: 95, exitReason: 'stop' });
  });

  it('fills at its price inside the bar, or at the open when the bar opens beyond it', () => {
    expect(run(withBar2([101, 111, 99, 105]), { 0: 1 }, bracket).trades[0]).toMatchObject({ exitPrice: 110, exitReason: 'take-profit', pnl: 100 });
    expect(run(withBar2([112, 113, 111, 112]), { 0: 1 }, bracket).trades[0]).toMatchObject({ exitPrice: 112, exitReason: 'take-profit', pnl: 120 });
  });
});

describe('trailing stop', () => {
  it('ratchets up with the closes, never down, and takes over from the stop-loss once tighter', () => {
    const bars = barsFromOhlc([
      flat,
      [100, 105, 99, 105], // enter at 100: stop 95, trailing 90; after the close 105 the trail is 94.5
      [105, 111, 104, 110], // stop 95 still the tighter; after the close 110 the trail is 99
      [110, 110, 103, 104], // the trail stays 99 (104 x 0.9 = 93.6 would loosen it)
      [104, 105, 98, 100], // low 98 <= 99: trailing exit at 99
      flat,
    ]);
    const result = run(bars, { 0: 1 }, { stopLoss: { fraction: 0.05 }, trailingStop: { fraction: 0.1 } });
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ entryBar: 1, exitBar: 4, exitPrice: 99, exitReason: 'trailing', pnl: -10 });
  });

  it('an ATR multiple trails at a price distance fixed at entry', () => {
    const bars = barsFromOhlc([flat, [100, 104, 99, 104], [104, 105, 98.5, 100], flat]);
    // ATR 2.5 at the decision bar: distance 5, trail 95 at entry, 99 after the close 104; bar 2's low 98.5 hits it.
    const atr = [2.5, 7, 7, 7];
    const result = run(bars, { 0: 1 }, { trailingStop: { atrMultiple: 2 } }, { averageTrueRange: atr });
    expect(result.trades[0]).toMatchObject({ exitBar: 2, exitPrice: 99, exitReason: 'trailing' });
  });
});

describe('short side', () => {
  const exits = { stopLoss: { fraction: 0.05 }, takeProfit: { fraction: 0.1 }, trailingStop: { fraction: 0.1 } };
  const short = { mode: 'long-short' as const };

  it('the trailing stop ratchets down with the closes and is hit by the high', () => {
    const bars = barsFromOhlc([
      flat,
      [100, 101, 97, 98], // short 10 at 100: stop 105, take-profit 90, trail 110 -> 107.8 after the close
      [98, 99, 93, 94], // trail 94 x 1.1 = 103.4, now tighter than the stop
      [94, 104, 93, 103], // high 104 >= 103.4: trailing exit at 103.4
      flat,
    ]);
    const result = run(bars, { 0: -1 }, exits, short);
    expect(result.trades[0]).toMatchObject({ direction: -1, size: 10, entryPrice: 100, exitBar: 3, exitReason: 'trailing' });
    expect(result.trades[0].exitPrice).toBeCloseTo(103.4, 12);
    expect(result.trades[0].pnl).toBeCloseTo(-34, 9);
  });

  it('a gap up through the stop fills at the open; a take-profit below', () => {
    const gap = run(barsFromOhlc([flat, [100, 101, 97, 98], [107, 108, 106, 107], flat]), { 0: -1 }, exits, short);
    expect(gap.trades[0]).toMatchObject({ exitBar: 2, exitPrice: 107, exitReason: 'stop', pnl: -70 });
    const profit = run(barsFromOhlc([flat, [100, 101, 97, 98], [98, 99, 89, 92], flat]), { 0: -1 }, exits, short);
    expect(profit.trades[0]).toMatchObject({ exitBar: 2, exitPrice: 90, exitReason: 'take-profit', pnl: 100 });
  });

  it('long-only never shorts, so no exits fire', () => {
    const result = run(barsFromOhlc([flat, [100, 101, 97, 98], [107, 108, 106, 107]]), { 0: -1 }, exits);
    expect(result.fills).toEqual([]);
  });
});

describe('time exit', () => {
  it('closes at the open maxBars bars after the entry bar, and waits for a new signal', () => {
    const bars = barsFromOhlc([flat, flat, flat, flat, [103, 104, 102, 103], flat, flat, flat]);
    const result = run(bars, { 0: 1, 5: 0, 6: 1 }, { maxBars: 3 });
    expect(result.trades[0]).toMatchObject({ entryBar: 1, exitBar: 4, exitPrice: 103, exitReason: 'time', barsHeld: 3 });
    // Flat from bar 4 until the target changes back to long at bar 6's close (filled at bar 7).
    expect(fillsOf(result).map(([bar]) => bar)).toEqual([1, 4, 7]);
  });
});

describe('limit entry', () => {
  const exits = { entry: 'limit', limitOffset: 0.02, stopLoss: { fraction: 0.05 }, takeProfit: { fraction: 0.05 } } as const;

  it('fills at the limit inside the bar and takes profit from the next bar only', () => {
    const bars = barsFromOhlc([
      flat, // decide long: buy limit 100 x 0.98 = 98
      [99, 104, 97.5, 103], // filled at 98; take-profit 102.9 is touched, but the high may predate the fill
      [102, 103.5, 101, 103], // take-profit at 102.9
      flat,
    ]);
    const result = run(bars, { 0: 1 }, exits);
    expect(result.trades[0]).toMatchObject({ entryBar: 1, entryPrice: 98, exitBar: 2, exitReason: 'take-profit', size: 10 });
    expect(result.trades[0].exitPrice).toBeCloseTo(102.9, 12);
  });

  it('a limit filled inside the bar is stopped in the same bar (the move through the limit went on to the low)', () => {
    const result = run(barsFromOhlc([flat, [99, 100, 92, 93], flat]), { 0: 1 }, exits);
    expect(result.trades[0]).toMatchObject({ entryBar: 1, entryPrice: 98, exitBar: 1, exitReason: 'stop' });
    expect(result.trades[0].exitPrice).toBeCloseTo(93.1, 12);
  });

  it('a bar opening beyond the limit fills at the open, and can take profit in that bar', () => {
    const result = run(barsFromOhlc([flat, [97, 102, 96.5, 101], flat]), { 0: 1 }, exits);
    expect(result.trades[0]).toMatchObject({ entryBar: 1, entryPrice: 97, exitBar: 1, exitReason: 'take-profit' });
    expect(result.trades[0].exitPrice).toBeCloseTo(101.85, 12);
  });

  it('rests until filled, and is cancelled when the target changes', () => {
    const resting = barsFromOhlc([flat, [100, 101, 98.5, 100], [100, 101, 98.5, 100], [100, 100, 90, 95], flat]);
    expect(fillsOf(run(resting, { 0: 1 }, exits))[0]).toEqual([3, 10, 98]);
    // Flat decided at bar 2's close: the order is gone before bar 3 trades through 98.
    expect(run(resting, { 0: 1, 2: 0 }, exits).fills).toEqual([]);
  });

  it('a short limit sells above the decision close', () => {
    const result = run(barsFromOhlc([flat, [101, 102.5, 100, 101], flat]), { 0: -1 }, exits, { mode: 'long-short' });
    // floor(1000 / 102) = 9 shares.
    expect(fillsOf(result)).toEqual([[1, -9, 102]]);
  });
});

describe('ATR distances', () => {
  it('use the ATR of the bar before the fill, and a decision in the ATR warm-up is no decision', () => {
    const bars = barsFromOhlc([flat, flat, [100, 101, 97, 99], [99, 99, 95.5, 96], flat]);
    // No ATR at bar 0: the long decided there counts from bar 1 (ATR 2), filled at bar 2's open.
    // Stop 100 - 2 x 2 = 96, hit by bar 3's low; bar 2's own ATR (3) would put it at 94.
    const atr = [NaN, 2, 3, 3, 3];
    const result = run(bars, { 0: 1 }, { stopLoss: { atrMultiple: 2 } }, { averageTrueRange: atr });
    expect(result.trades[0]).toMatchObject({ entryBar: 2, exitBar: 3, exitPrice: 96, exitReason: 'stop' });
  });

  it('refuse to run without an ATR series', () => {
    expect(() => run(barsFromOhlc([flat, flat]), { 0: 1 }, { stopLoss: { atrMultiple: 2 } })).toThrow(/ATR/);
  });
});

describe('exits and the evaluation window', () => {
  it('hold nothing before the window: the first entry is at the open after its first bar', () => {
    const bars = barsFromOhlc([flat, [100, 101, 80, 100], flat, flat, [100, 101, 94, 96], flat]);
    const result = simulate(bars, hold(bars.length, { 0: 1 }), { ...settings, exits: exitsSchema.parse({ stopLoss: { fraction: 0.05 } }) }, { startBar: 2, endBar: 5 });
    expect(result.trades[0]).toMatchObject({ entryBar: 3, exitBar: 4, exitPrice: 95, exitReason: 'stop' });
    expect(result.equity[0]).toMatchObject({ bar: 2, equity: 1000, position: 0 });
  });
});

describe('an empty exits block', () => {
  it('trades exactly like no exits (market entries, signal exits)', () => {
    const bars = randomWalkBars(600, 3, { volatility: 0.02 });
    const closes = bars.map((b) => b.close);
    const mean = (t: number, n: number) => closes.slice(t - n + 1, t + 1).reduce((a, b) => a + b, 0) / n;
    const targets = Float64Array.from(bars, (_, t) => (t < 30 ? NaN : mean(t, 5) > mean(t, 30) ? 1 : -1));
    for (const mode of ['long-only', 'long-short'] as const) {
      const costs = { ...settings, mode, commissionRate: 0.001, slippageRate: 0.0005 };
      const without = simulate(bars, targets, costs);
      const empty = simulate(bars, targets, { ...costs, exits: exitsSchema.parse({}) });
      expect(empty).toEqual(without);
      expect(without.trades.length).toBeGreaterThan(10);
      expect(without.trades.every((t) => t.exitReason === 'signal')).toBe(true);
    }
  });
});

describe('the exits schema', () => {
  it('wants exactly one of fraction and atrMultiple, and a limit offset with limit entries only', () => {
    expect(exitsSchema.safeParse({ stopLoss: { fraction: 0.05, atrMultiple: 2 } }).success).toBe(false);
    expect(exitsSchema.safeParse({ stopLoss: {} }).success).toBe(false);
    expect(exitsSchema.safeParse({ entry: 'limit' }).success).toBe(false);
    expect(exitsSchema.safeParse({ limitOffset: 0.01 }).success).toBe(false);
    expect(exitsSchema.safeParse({ stopLoss: { fraction: 1.5 } }).success).toBe(false);
    expect(exitsSchema.parse({ takeProfit: { atrMultiple: 3 } })).toEqual({ takeProfit: { atrMultiple: 3 }, entry: 'market', atrPeriod: 14 });
  });
});
