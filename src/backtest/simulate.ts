import type { Bar } from '../data/bar.ts';
import { effectiveTarget, type PositionMode } from '../core/position-mode.ts';
import { Broker } from './broker.ts';
import type { EquityPoint, Fill, Trade } from './types.ts';

export interface SimulationSettings {
  cash: number;
  commissionRate: number;
  slippageRate: number;
  /** `all-in` uses all equity for a full position; `fraction` uses `sizingFraction` of it. */
  sizing: 'all-in' | 'fraction';
  sizingFraction?: number;
  wholeShares: boolean;
  mode: PositionMode;
}

export interface SimulationResult {
  trades: Trade[];
  /** Lots still open after the last bar, marked at its close. */
  openTrades: Trade[];
  fills: Fill[];
  equity: EquityPoint[];
  commissionsPaid: number;
}

/** Bars a simulation measures: [startBar, endBar], inclusive. */
export interface BarRange {
  startBar: number;
  endBar: number;
}

/**
 * Run target positions through the broker over `range` (default: every bar). The account holds
 * `cash` and no position at startBar's close; the target decided at bar t's close (t >= startBar)
 * is filled at bar t+1's open (with slippage against us); equity is marked at every close from
 * startBar to endBar. Decisions before startBar are ignored: those bars only warm up the
 * strategy. A trade happens only when the target changes, so an unchanged target never
 * rebalances. Bar numbers in the result (fills, trades, equity) index `bars`.
 */
export function simulate(
  bars: readonly Bar[],
  targetPositions: ArrayLike<number>,
  settings: SimulationSettings,
  range: BarRange = { startBar: 0, endBar: bars.length - 1 },
): SimulationResult {
  if (targetPositions.length !== bars.length) {
    throw new Error(`strategy returned ${targetPositions.length} targets for ${bars.length} bars`);
  }
  const { startBar, endBar } = range;
  if (!(startBar >= 0 && endBar < bars.length && startBar <= endBar)) {
    throw new Error(`simulate: bad range ${startBar}..${endBar} for ${bars.length} bars`);
  }
  const broker = new Broker({
    cash: settings.cash,
    commissionRate: settings.commissionRate,
    slippageRate: settings.slippageRate,
    wholeShares: settings.wholeShares,
  });
  const equityFraction = settings.sizing === 'fraction' ? (settings.sizingFraction ?? 1) : 1;
  const equity: EquityPoint[] = [];
  let actedTarget = 0;

  for (let t = startBar; t <= endBar; t++) {
    const bar = bars[t];
    if (t > startBar) {
      const target = effectiveTarget(targetPositions[t - 1], settings.mode);
      if (target !== actedTarget) {
        rebalance(broker, t, bar, target, equityFraction);
        actedTarget = target;
      }
    }
    equity.push({ bar: t, date: bar.date, equity: broker.equityAt(bar.close), cash: broker.cash, position: broker.position });
  }
  return {
    trades: broker.closedTrades,
    openTrades: broker.openTrades(endBar, bars[endBar].date, bars[endBar].close),
    fills: broker.fills,
    equity,
    commissionsPaid: broker.commissionsPaid,
  };
}

/** Move the position to `target` at this bar's open: close what points the other way, then size. */
function rebalance(broker: Broker, t: number, bar: Bar, target: number, equityFraction: number): void {
  const held = broker.position;
  const targetSign = Math.sign(target);
  if (held !== 0 && Math.sign(held) !== targetSign) {
    const side: 1 | -1 = held > 0 ? -1 : 1;
    broker.fill(t, bar.date, -held, broker.fillPrice(bar.open, side));
  }
  if (targetSign === 0) return;
  const side: 1 | -1 = targetSign > 0 ? 1 : -1;
  const price = broker.fillPrice(bar.open, side);
  const wanted = side * broker.affordableShares(broker.equityAt(price), Math.abs(target) * equityFraction, price);
  const delta = wanted - broker.position;
  if (Math.abs(delta) > 1e-12) {
    // Shrinking a position sells at the sell-side price, growing it buys at the buy-side price.
    const deltaSide: 1 | -1 = delta > 0 ? 1 : -1;
    broker.fill(t, bar.date, delta, broker.fillPrice(bar.open, deltaSide));
  }
}
