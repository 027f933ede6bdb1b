import type { Trade } from '../backtest/types.ts';
import { extremes, geometricMeanReturn, mean, sampleVariance } from './returns.ts';
import type { Metrics } from './types.ts';

/** The closed-trade part of `Metrics` (definitions in metrics/types.ts and the README). */
export type TradeStats = Pick<
  Metrics,
  | 'trades' | 'winRatePct' | 'bestTradePct' | 'worstTradePct' | 'avgTradePct' | 'maxTradeDurationBars'
  | 'avgTradeDurationBars' | 'profitFactor' | 'expectancyPct' | 'sqn'
>;

/** Statistics of closed trades. With no trades every ratio is NaN. */
export function tradeStats(trades: readonly Trade[]): TradeStats {
  const returns = trades.map((trade) => trade.returnPct / 100);
  const pnls = trades.map((trade) => trade.pnl);
  const durations = trades.map((trade) => trade.barsHeld);
  const gains = returns.filter((r) => r > 0).reduce((a, b) => a + b, 0);
  const losses = Math.abs(returns.filter((r) => r < 0).reduce((a, b) => a + b, 0));
  const n = trades.length;
  const returnRange = extremes(returns);
  return {
    trades: n,
    winRatePct: n ? (pnls.filter((p) => p > 0).length / n) * 100 : NaN,
    bestTradePct: n ? returnRange.max * 100 : NaN,
    worstTradePct: n ? returnRange.min * 100 : NaN,
    avgTradePct: n ? geometricMeanReturn(returns) * 100 : NaN,
    maxTradeDurationBars: n ? extremes(durations).max : NaN,
    avgTradeDurationBars: n ? mean(durations) : NaN,
    profitFactor: losses > 0 ? gains / losses : NaN,
    expectancyPct: n ? mean(returns) * 100 : NaN,
    sqn: n > 1 ? (Math.sqrt(n) * mean(pnls)) / Math.sqrt(sampleVariance(pnls)) : NaN,
  };
}
