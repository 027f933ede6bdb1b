import { describe, expect, it } from 'vitest';
import { simulate, type SimulationSettings } from '../../src/backtest/simulate.ts';
import { barsFromOpenClose } from '../helpers/bars.ts';

// Ten bars, hand-worked below: [open, close].
const bars = barsFromOpenClose([
  [10, 10], [10, 11], [11, 12], [12, 12], [12, 13], [13, 14], [14, 13], [13, 12], [12, 12], [12, 15],
]);
const settings: SimulationSettings = {
  cash: 1000, commissionRate: 0.01, slippageRate: 0, sizing: 'all-in', wholeShares: true, mode: 'long-only',
};
const targets = (entries: Record<number, number>) => {
  const out = new Float64Array(bars.length).fill(NaN);
  let current = NaN;
  for (let t = 0; t < bars.length; t++) {
    if (t in entries) current = entries[t];
    out[t] = current;
  }
  return out;
};

describe('simulate: fills at the next open, commission on every fill', () => {
  it('a long round trip and a trade left open at the end', () => {
    // Decide long at bar 0's close, flat at bar 4's close, long again at bar 6's close.
    const result = simulate(bars, targets({ 0: 1, 4: 0, 6: 1 }), settings);
    // Bar 1 open 10: floor(1000 / (10 x 1.01)) = 99 shares, cost 990 + 9.90 commission.
    expect(result.fills[0]).toMatchObject({ bar: 1, shares: 99, price: 10 });
    expect(result.fills[0].commission).toBeCloseTo(9.9, 10);
    expect(result.equity[1].equity).toBeCloseTo(0.1 + 99 * 11, 9);
    // Bar 5 open 13: sell 99, proceeds 1287 - 12.87 -> cash 1274.23; PnL 297 - 22.77.
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ direction: 1, size: 99, entryBar: 1, exitBar: 5, entryPrice: 10, exitPrice: 13, barsHeld: 4 });
    expect(result.trades[0].pnl).toBeCloseTo(274.23, 9);
    expect(result.trades[0].commission).toBeCloseTo(22.77, 9);
    expect(result.trades[0].returnPct).toBeCloseTo((274.23 / 990) * 100, 9);
    expect(result.equity[5].equity).toBeCloseTo(1274.23, 9);
    expect(result.equity[5].position).toBe(0);
    // Bar 7 open 13: floor(1274.23 / 13.13) = 97 shares, cost 1261 + 12.61.
    expect(result.fills[2]).toMatchObject({ bar: 7, shares: 97, price: 13 });
    // Still open at the end, marked at the last close 15, not counted as closed.
    expect(result.openTrades).toHaveLength(1);
    expect(result.openTrades[0]).toMatchObject({ open: true, exitBar: null, size: 97, entryPrice: 13 });
    expect(result.openTrades[0].pnl).toBeCloseTo(2 * 97 - 12.61, 9);
    expect(result.equity[9].equity).toBeCloseTo(0.62 + 97 * 15, 9);
    expect(result.commissionsPaid).toBeCloseTo(9.9 + 12.87 + 12.61, 9);
  });

  it('long-short reverses by closing then opening at the same fill price', () => {
    const result = simulate(bars, targets({ 0: 1, 3: -1 }), { ...settings, mode: 'long-short' });
    // Bar 4 open 12: sell 99 (close long), then short floor(1176.22 / 12.12) = 97.
    expect(result.fills.map((f) => [f.bar, f.shares, f.price])).toEqual([[1, 99, 10], [4, -99, 12], [4, -97, 12]]);
    expect(result.trades[0].pnl).toBeCloseTo(2 * 99 - 9.9 - 11.88, 9);
    expect(result.openTrades[0]).toMatchObject({ direction: -1, size: 97, entryPrice: 12 });
    expect(result.openTrades[0].pnl).toBeCloseTo(-3 * 97 - 11.64, 9);
    expect(result.equity[9].position).toBe(-97);
    // Equity = cash + signed position x close, and equals cash + every PnL.
    expect(result.equity[9].equity).toBeCloseTo(1000 + result.trades[0].pnl + result.openTrades[0].pnl, 9);
    expect(result.equity[9].equity).toBeCloseTo(873.58, 9);
  });

  it('long-only clamps short targets to flat', () => {
    const result = simulate(bars, targets({ 0: 1, 3: -1 }), settings);
    expect(result.fills.map((f) => f.shares)).toEqual([99, -99]);
    expect(result.openTrades).toHaveLength(0);
  });

  it('slippage moves every fill against the trade; fractional shares and fraction sizing', () => {
    const result = simulate(bars, targets({ 0: 1, 4: 0 }), {
      ...settings, commissionRate: 0, slippageRate: 0.01, wholeShares: false, sizing: 'fraction', sizingFraction: 0.5,
    });
    expect(result.fills[0].price).toBeCloseTo(10.1, 12);
    expect(result.fills[0].shares).toBeCloseTo(500 / 10.1, 12);
    expect(result.fills[1].price).toBeCloseTo(13 * 0.99, 12);
    expect(result.trades[0].pnl).toBeCloseTo((12.87 - 10.1) * (500 / 10.1), 9);
  });

  it('a decision on the last bar never fills (there is no next open)', () => {
    const result = simulate(bars, targets({ 9: 1 }), settings);
    expect(result.fills).toHaveLength(0);
    expect(result.equity.at(-1)!.equity).toBe(1000);
  });

  it('an unchanged target never rebalances as equity moves', () => {
    const result = simulate(bars, targets({ 0: 1 }), settings);
    expect(result.fills).toHaveLength(1);
  });
});
