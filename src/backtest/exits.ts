import { z } from 'zod';

/**
 * A distance from the entry price: a fraction of it (`fraction: 0.05` = 5%) or a multiple of
 * the average true range at entry (`atrMultiple: 2`). Exactly one of the two.
 */
export const exitDistanceSchema = z
  .strictObject({
    fraction: z.number().gt(0).lt(1).optional(),
    atrMultiple: z.number().gt(0).optional(),
  })
  .superRefine((distance, ctx) => {
    const given = (distance.fraction !== undefined ? 1 : 0) + (distance.atrMultiple !== undefined ? 1 : 0);
    if (given !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of fraction, atrMultiple' });
  });

export type ExitDistance = z.infer<typeof exitDistanceSchema>;

/**
 * The `exits:` block of a strategy entry: protective orders the broker holds for every position,
 * and how positions are entered. Every key is optional; no key means market entries and signal
 * exits only (the behaviour without the block).
 */
export const exitsSchema = z
  .strictObject({
    /** Stop-loss below a long's entry price (above a short's). */
    stopLoss: exitDistanceSchema.optional(),
    /** Take-profit above a long's entry price (below a short's). */
    takeProfit: exitDistanceSchema.optional(),
    /** A stop that trails the best close since entry by this distance, moving only in the position's favour. */
    trailingStop: exitDistanceSchema.optional(),
    /** Close a position at the open `maxBars` bars after its entry bar (time exit). */
    maxBars: z.number().int().min(1).optional(),
    /** `market`: fill at the next open. `limit`: a limit order `limitOffset` better than the decision bar's close. */
    entry: z.enum(['market', 'limit']).default('market'),
    /** With `entry: limit`: the limit's distance from the decision bar's close, a fraction (0.01 = buy 1% below it). */
    limitOffset: z.number().min(0).lt(1).optional(),
    /** Bars of the average true range (Wilder) that `atrMultiple` distances use. */
    atrPeriod: z.number().int().min(1).default(14),
  })
  .superRefine((exits, ctx) => {
    if (exits.entry === 'limit' && exits.limitOffset === undefined) {
      ctx.addIssue({ code: 'custom', path: ['limitOffset'], message: 'required with entry: limit (0 = at the decision close)' });
    }
    if (exits.entry === 'market' && exits.limitOffset !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['limitOffset'], message: 'only used with entry: limit' });
    }
  });

export type ExitRules = z.infer<typeof exitsSchema>;

/** The intrabar fill rules, as the report's conventions and results.json state them. */
export const EXIT_FILL_RULE =
  'with exits: a stop, take-profit, trailing stop or limit entry touched inside a bar fills at its price, ' +
  'or at the open when the bar opens beyond it (a gap); when one bar touches both the stop and the take-profit, ' +
  'the stop is assumed first; a market entry at the open can exit in that same bar, a limit entry filled inside a bar ' +
  'can be stopped in it (the move through the limit went on to the low) but takes profit from the next bar; ' +
  'the trailing stop follows the best close since entry; the time exit fills at the open maxBars bars after entry; ' +
  'ATR distances use the ATR of the bar before the entry fill; commission and slippage apply to every fill; ' +
  'after a protective exit the strategy re-enters only on a new signal (a change of its target)';

/** True when some distance is an ATR multiple, so the simulation needs the ATR series. */
export function exitsNeedAtr(rules: ExitRules): boolean {
  return [rules.stopLoss, rules.takeProfit, rules.trailingStop].some((distance) => distance?.atrMultiple !== undefined);
}

/**
 * Decisions the simulation can act on: with ATR distances, a decision made before the ATR is
 * known (its warm-up) cannot price its exits, so it counts as no decision (NaN). Otherwise the
 * targets as given.
 */
export function actionableTargets(targets: ArrayLike<number>, rules: ExitRules | null, averageTrueRange: ArrayLike<number> | null): ArrayLike<number> {
  if (!rules || !exitsNeedAtr(rules)) return targets;
  if (!averageTrueRange || averageTrueRange.length !== targets.length) {
    throw new Error(`exits: ATR distances need an ATR value per bar (${averageTrueRange?.length ?? 0} for ${targets.length} bars)`);
  }
  return Float64Array.from({ length: targets.length }, (_, t) => (Number.isFinite(averageTrueRange[t]) ? targets[t] : NaN));
}

/** Price distance of `distance` from `entryPrice`. */
function priceDistance(distance: ExitDistance, entryPrice: number, atrAtEntry: number): number {
  return distance.fraction !== undefined ? distance.fraction * entryPrice : distance.atrMultiple! * atrAtEntry;
}

/** The protective orders of one open position and what they have seen so far. */
export interface PositionExits {
  /** +1 long, -1 short. */
  direction: 1 | -1;
  /** Bar of the entry fill. */
  entryBar: number;
  /** The entry's fill price (after slippage), which fractions are measured from. */
  entryPrice: number;
  /** Filled by a limit inside the entry bar (not at its open): no take-profit in that bar. */
  filledInsideBar: boolean;
  stopPrice: number | null;
  takeProfitPrice: number | null;
  /** Trailing stop: its distance from the best close (a fraction of it, or a price distance fixed at entry), and the level reached. */
  trailing: { fraction: number } | { priceDistance: number } | null;
  trailingPrice: number | null;
  /** Bar at whose open the time exit fills (entryBar + maxBars), or null. */
  timeExitBar: number | null;
}

/** The protective orders of a position entered at `entryPrice` on bar `entryBar`. */
export function openPositionExits(
  rules: ExitRules,
  entry: { direction: 1 | -1; entryBar: number; entryPrice: number; filledInsideBar: boolean; atrAtEntry: number },
): PositionExits {
  const { direction, entryPrice, atrAtEntry } = entry;
  if (exitsNeedAtr(rules) && !Number.isFinite(atrAtEntry)) {
    throw new Error(`exits: no ATR before the entry at bar ${entry.entryBar} (decisions in the ATR warm-up must be dropped by actionableTargets)`);
  }
  const away = (distance: ExitDistance | undefined, sign: 1 | -1) =>
    distance === undefined ? null : entryPrice + sign * direction * priceDistance(distance, entryPrice, atrAtEntry);
  const trailingStop = rules.trailingStop;
  const trailing =
    trailingStop === undefined
      ? null
      : trailingStop.fraction !== undefined
        ? { fraction: trailingStop.fraction }
        : { priceDistance: priceDistance(trailingStop, entryPrice, atrAtEntry) };
  return {
    direction,
    entryBar: entry.entryBar,
    entryPrice,
    filledInsideBar: entry.filledInsideBar,
    stopPrice: away(rules.stopLoss, -1),
    takeProfitPrice: away(rules.takeProfit, 1),
    trailing,
    trailingPrice: trailing === null ? null : trailingLevel(trailing, direction, entryPrice),
    timeExitBar: rules.maxBars === undefined ? null : entry.entryBar + rules.maxBars,
  };
}

/** Where a trailing stop sits when the best price so far is `best`. */
function trailingLevel(trailing: NonNullable<PositionExits['trailing']>, direction: 1 | -1, best: number): number {
  return 'fraction' in trailing ? best * (1 - direction * trailing.fraction) : best - direction * trailing.priceDistance;
}

/**
 * After a close: the trailing stop follows the close by its distance, but only in the position's
 * favour (up for a long, down for a short), so it trails the best close since entry (the entry
 * price until a close beats it).
 */
export function ratchetTrailingStop(exits: PositionExits, close: number): void {
  if (exits.trailing === null || exits.trailingPrice === null) return;
  const candidate = trailingLevel(exits.trailing, exits.direction, close);
  exits.trailingPrice = exits.direction > 0 ? Math.max(exits.trailingPrice, candidate) : Math.min(exits.trailingPrice, candidate);
}

/** The tighter of the stop-loss and the trailing stop (the one price reaches first), with its reason. */
export function activeStop(exits: PositionExits): { price: number; reason: 'stop' | 'trailing' } | null {
  const { stopPrice, trailingPrice, direction } = exits;
  if (trailingPrice === null) return stopPrice === null ? null : { price: stopPrice, reason: 'stop' };
  if (stopPrice === null) return { price: trailingPrice, reason: 'trailing' };
  // A long's stop is a floor: the higher one is hit first (for a short, the lower one). A tie is the stop-loss.
  const trailingTighter = direction > 0 ? trailingPrice > stopPrice : trailingPrice < stopPrice;
  return trailingTighter ? { price: trailingPrice, reason: 'trailing' } : { price: stopPrice, reason: 'stop' };
}
