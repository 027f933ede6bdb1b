import type { ExitReason, Fill, Trade } from './types.ts';

export interface BrokerSettings {
  cash: number;
  /** Fraction of traded value charged on every fill. */
  commissionRate: number;
  /** Fraction of price moved against us on every fill. */
  slippageRate: number;
  wholeShares: boolean;
}

/** An open lot: shares bought (or sold short) in one fill, closed first-in first-out. */
interface Lot {
  direction: 1 | -1;
  size: number;
  entryBar: number;
  entryDate: string;
  entryPrice: number;
  /** Entry commission still attributable to this lot (pro rata after partial closes). */
  entryCommission: number;
}

/**
 * Cash, position and trade book of one account. It only executes the fills it is told to;
 * when to fill and at which bar's price is the simulation's business.
 */
export class Broker {
  cash: number;
  private readonly lots: Lot[] = [];
  readonly closedTrades: Trade[] = [];
  readonly fills: Fill[] = [];
  commissionsPaid = 0;

  constructor(private readonly settings: BrokerSettings) {
    this.cash = settings.cash;
  }

  /** Signed shares held. */
  get position(): number {
    return this.lots.reduce((sum, lot) => sum + lot.direction * lot.size, 0);
  }

  equityAt(price: number): number {
    return this.cash + this.position * price;
  }

  /** Price paid (buy) or received (sell) for a market order at `price`, after slippage. */
  fillPrice(price: number, side: 1 | -1): number {
    return price * (1 + side * this.settings.slippageRate);
  }

  /**
   * Shares a position of `fraction` of equity may hold at `fillPrice`, leaving room for the
   * commission: floor(fraction x equity / (price x (1 + commission))) for whole shares.
   */
  affordableShares(equity: number, fraction: number, fillPrice: number): number {
    const shares = (fraction * equity) / (fillPrice * (1 + this.settings.commissionRate));
    if (!(shares > 0)) return 0;
    return this.settings.wholeShares ? Math.floor(shares + 1e-9) : shares;
  }

  /**
   * Execute `shares` (signed: + buy, - sell) at `price`, closing opposite lots first (FIFO);
   * trades it closes record `reason`.
   */
  fill(bar: number, date: string, shares: number, price: number, reason: ExitReason = 'signal'): void {
    if (shares === 0) return;
    const commission = Math.abs(shares) * price * this.settings.commissionRate;
    this.cash -= shares * price + commission;
    this.commissionsPaid += commission;
    this.fills.push({ bar, date, shares, price, commission });

    const direction: 1 | -1 = shares > 0 ? 1 : -1;
    let remaining = Math.abs(shares);
    const commissionPerShare = commission / Math.abs(shares);
    while (remaining > 1e-12 && this.lots.length > 0 && this.lots[0].direction !== direction) {
      const lot = this.lots[0];
      const closing = Math.min(lot.size, remaining);
      const entryCommission = lot.entryCommission * (closing / lot.size);
      this.closedTrades.push(
        makeTrade(lot, closing, entryCommission, { bar, date, price, commission: closing * commissionPerShare, reason }),
      );
      lot.entryCommission -= entryCommission;
      lot.size -= closing;
      remaining -= closing;
      if (lot.size <= 1e-12) this.lots.shift();
    }
    if (remaining > 1e-12) {
      this.lots.push({
        direction,
        size: remaining,
        entryBar: bar,
        entryDate: date,
        entryPrice: price,
        entryCommission: remaining * commissionPerShare,
      });
    }
  }

  /** Lots still open, as trades marked at `price` (no exit commission charged). */
  openTrades(bar: number, date: string, price: number): Trade[] {
    return this.lots.map((lot) => ({
      ...makeTrade(lot, lot.size, lot.entryCommission, { bar, date, price, commission: 0, reason: null }),
      exitBar: null,
      exitDate: null,
      exitPrice: null,
      open: true,
    }));
  }
}

function makeTrade(
  lot: Lot,
  size: number,
  entryCommission: number,
  exit: { bar: number; date: string; price: number; commission: number; reason: ExitReason | null },
): Trade {
  const commission = entryCommission + exit.commission;
  const pnl = lot.direction * (exit.price - lot.entryPrice) * size - commission;
  return {
    direction: lot.direction,
    size,
    entryBar: lot.entryBar,
    entryDate: lot.entryDate,
    entryPrice: lot.entryPrice,
    exitBar: exit.bar,
    exitDate: exit.date,
    exitPrice: exit.price,
    pnl,
    returnPct: (pnl / (size * lot.entryPrice)) * 100,
    commission,
    barsHeld: exit.bar - lot.entryBar,
    exitReason: exit.reason,
    open: false,
  };
}
