import type { Bar } from '../data/bar.ts';
import { effectiveTarget, type PositionMode } from '../core/position-mode.ts';
import { Broker } from './broker.ts';
import { actionableTargets, activeStop, openPositionExits, ratchetTrailingStop, type ExitRules, type PositionExits } from './exits.ts';
import { limitEntryTrigger, reaches, stopTrigger, takeProfitTrigger, touchPrice } from './intrabar.ts';
import type { EquityPoint, ExitReason, Fill, Trade } from './types.ts';

export interface SimulationSettings {
  cash: number;
  commissionRate: number;
  slippageRate: number;
  /** `all-in` uses all equity for a full position; `fraction` uses `sizingFraction` of it. */
  sizing: 'all-in' | 'fraction';
  sizingFraction?: number;
  wholeShares: boolean;
  mode: PositionMode;
  /** Protective exits and the entry order type; absent or null: market entries, signal exits only. */
  exits?: ExitRules | null;
  /**
   * Average true range per bar (value k from bars up to k, NaN in its warm-up); needed when an
   * exit distance is an ATR multiple.
   */
  averageTrueRange?: ArrayLike<number> | null;
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
 *
 * With `settings.exits`, each bar runs in this order: (1) at the open, a protective order the bar
 * opens beyond (a gap) fills at the open, and a due time exit fills; (2) a changed target trades
 * at the open, or places a limit entry; (3) a resting limit entry fills where the bar reaches it;
 * (4) inside the bar, the stop (the tighter of stop-loss and trailing stop) and then the
 * take-profit fill at their prices; (5) after the close the trailing stop ratchets. A position
 * closed by (1) or (4) is not re-entered until the target changes. See EXIT_FILL_RULE.
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
  const rules = settings.exits ?? null;
  const atr = settings.averageTrueRange ?? null;
  const decisions = actionableTargets(targetPositions, rules, atr);
  const equity: EquityPoint[] = [];
  let actedTarget = 0;
  /** Exit orders of the open position (with rules only). */
  let held: PositionExits | null = null;
  /** A limit entry waiting for price to come to it, until it fills or the target changes. */
  let pendingLimit: { target: number; price: number } | null = null;

  const enter = (t: number, bar: Bar, rawPrice: number, target: number, filledInsideBar: boolean) => {
    sizeTo(broker, t, bar, rawPrice, target, equityFraction);
    const position = broker.position;
    if (rules && position !== 0) {
      const lastFill = broker.fills[broker.fills.length - 1];
      held = openPositionExits(rules, {
        direction: position > 0 ? 1 : -1,
        entryBar: t,
        entryPrice: lastFill.price,
        filledInsideBar,
        // ATR of the bar before the fill: known when the entry is decided (or, for a resting limit, before this bar opens).
        atrAtEntry: atr ? atr[t - 1] : NaN,
      });
    }
  };
  const exit = (t: number, bar: Bar, rawPrice: number, reason: ExitReason) => {
    closePosition(broker, t, bar, rawPrice, reason);
    held = null;
  };

  for (let t = startBar; t <= endBar; t++) {
    const bar = bars[t];
    if (t > startBar) {
      const target = effectiveTarget(decisions[t - 1], settings.mode);
      if (!rules) {
        if (target !== actedTarget) {
          rebalance(broker, t, bar, target, equityFraction);
          actedTarget = target;
        }
      } else {
        // (1) At the open: gaps through a protective order, and the time exit.
        if (held) {
          const opening = exitAtOpen(held, bar, t);
          if (opening) exit(t, bar, bar.open, opening);
        }
        // (2) A new target: signal exits and market entries at the open, or a new limit entry.
        if (target !== actedTarget) {
          actedTarget = target;
          pendingLimit = null;
          const position = broker.position;
          const targetSign = Math.sign(target);
          if (position !== 0 && Math.sign(position) !== targetSign) exit(t, bar, bar.open, 'signal');
          if (targetSign !== 0) {
            if (broker.position !== 0) sizeTo(broker, t, bar, bar.open, target, equityFraction); // same side, new size: the orders stay
            else if (rules.entry === 'market') enter(t, bar, bar.open, target, false);
            else pendingLimit = { target, price: bars[t - 1].close * (1 - targetSign * rules.limitOffset!) };
          }
        }
        // (3) A resting limit entry fills where the bar reaches it.
        if (pendingLimit) {
          const direction = pendingLimit.target > 0 ? 1 : -1;
          const price = touchPrice(bar, pendingLimit.price, limitEntryTrigger(direction));
          if (price !== null) {
            enter(t, bar, price, pendingLimit.target, price !== bar.open);
            pendingLimit = null;
          }
        }
        // (4) Inside the bar: the stop first, then the take-profit.
        if (held) {
          const inside = exitInsideBar(held, bar, t);
          if (inside) exit(t, bar, inside.price, inside.reason);
        }
        // (5) After the close the trailing stop follows the close in the position's favour.
        if (held) ratchetTrailingStop(held, bar.close);
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

/**
 * A protective exit that fills at this bar's open: a stop or take-profit the bar opens at or
 * beyond (a gap), or the time exit once the position has been held maxBars bars.
 */
function exitAtOpen(held: PositionExits, bar: Bar, t: number): ExitReason | null {
  const stop = activeStop(held);
  if (stop && reaches(bar.open, stop.price, stopTrigger(held.direction))) return stop.reason;
  if (held.takeProfitPrice !== null && reaches(bar.open, held.takeProfitPrice, takeProfitTrigger(held.direction))) return 'take-profit';
  if (held.timeExitBar !== null && t >= held.timeExitBar) return 'time';
  return null;
}

/**
 * A protective exit inside the bar, stop before take-profit (when a bar touches both, the stop is
 * assumed first). A position a limit filled inside this bar takes no profit in it: the bar's high
 * (a long's) may have come before the fill, while its low came after it.
 */
function exitInsideBar(held: PositionExits, bar: Bar, t: number): { price: number; reason: ExitReason } | null {
  const stop = activeStop(held);
  if (stop) {
    const price = touchPrice(bar, stop.price, stopTrigger(held.direction));
    if (price !== null) return { price, reason: stop.reason };
  }
  if (held.takeProfitPrice !== null && !(held.filledInsideBar && held.entryBar === t)) {
    const price = touchPrice(bar, held.takeProfitPrice, takeProfitTrigger(held.direction));
    if (price !== null) return { price, reason: 'take-profit' };
  }
  return null;
}

/** Close the whole position at `rawPrice` (slippage against the trade). */
function closePosition(broker: Broker, t: number, bar: Bar, rawPrice: number, reason: ExitReason): void {
  const held = broker.position;
  if (held === 0) return;
  const side: 1 | -1 = held > 0 ? -1 : 1;
  broker.fill(t, bar.date, -held, broker.fillPrice(rawPrice, side), reason);
}

/** Move a flat or same-side position to the size `target` asks for at `rawPrice`. */
function sizeTo(broker: Broker, t: number, bar: Bar, rawPrice: number, target: number, equityFraction: number): void {
  const side: 1 | -1 = target > 0 ? 1 : -1;
  const price = broker.fillPrice(rawPrice, side);
  const wanted = side * broker.affordableShares(broker.equityAt(price), Math.abs(target) * equityFraction, price);
  const delta = wanted - broker.position;
  if (Math.abs(delta) > 1e-12) {
    // Shrinking a position sells at the sell-side price, growing it buys at the buy-side price.
    const deltaSide: 1 | -1 = delta > 0 ? 1 : -1;
    broker.fill(t, bar.date, delta, broker.fillPrice(rawPrice, deltaSide));
  }
}

/** Move the position to `target` at this bar's open: close what points the other way, then size. */
function rebalance(broker: Broker, t: number, bar: Bar, target: number, equityFraction: number): void {
  const held = broker.position;
  const targetSign = Math.sign(target);
  if (held !== 0 && Math.sign(held) !== targetSign) closePosition(broker, t, bar, bar.open, 'signal');
  if (targetSign === 0) return;
  sizeTo(broker, t, bar, bar.open, target, equityFraction);
}
