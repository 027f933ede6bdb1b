import type { Bar } from '../data/bar.ts';

/**
 * Which way price must move to trigger an order resting at a level: `falls-to` for a long's
 * stop, a short's take-profit and a buy limit; `rises-to` for a short's stop, a long's
 * take-profit and a sell limit.
 */
export type Trigger = 'falls-to' | 'rises-to';

/** A `direction` position's stop (and trailing stop) triggers when price moves against it. */
export function stopTrigger(direction: 1 | -1): Trigger {
  return direction > 0 ? 'falls-to' : 'rises-to';
}

/** A `direction` position's take-profit triggers when price moves in its favour. */
export function takeProfitTrigger(direction: 1 | -1): Trigger {
  return direction > 0 ? 'rises-to' : 'falls-to';
}

/** A limit entry buys below (a long) or sells above (a short) the market: price must come to it. */
export function limitEntryTrigger(direction: 1 | -1): Trigger {
  return direction > 0 ? 'falls-to' : 'rises-to';
}

/** True when `price` is at or beyond `level` in the trigger's direction. */
export function reaches(price: number, level: number, trigger: Trigger): boolean {
  return trigger === 'falls-to' ? price <= level : price >= level;
}

/**
 * The price (before slippage) an order resting at `level` fills at in `bar`, or null if the bar
 * never reaches it: the open when the bar opens at or beyond the level (a gap fills at the open,
 * not at the level), else the level itself when the bar's low (falls-to) or high (rises-to)
 * reaches it. As backtesting.py fills stop and limit orders.
 */
export function touchPrice(bar: Bar, level: number, trigger: Trigger): number | null {
  if (reaches(bar.open, level, trigger)) return bar.open;
  return reaches(trigger === 'falls-to' ? bar.low : bar.high, level, trigger) ? level : null;
}
