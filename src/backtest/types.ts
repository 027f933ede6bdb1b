/**
 * Why a trade closed: `signal` (the strategy's target changed), `stop` (stop-loss), `take-profit`,
 * `trailing` (trailing stop) or `time` (held `maxBars` bars). See src/backtest/exits.ts.
 */
export type ExitReason = 'signal' | 'stop' | 'take-profit' | 'trailing' | 'time';

/** A closed (or still open, at the end of the data) round trip. */
export interface Trade {
  /** +1 long, -1 short. */
  direction: 1 | -1;
  /** Number of shares (fractional when `wholeShares: false`). Always positive. */
  size: number;
  entryBar: number;
  entryDate: string;
  entryPrice: number;
  exitBar: number | null;
  exitDate: string | null;
  exitPrice: number | null;
  /** Profit after both fills' commissions; for an open trade, marked at the last close. */
  pnl: number;
  /** pnl relative to the entry value (size x entryPrice), in percent. */
  returnPct: number;
  /** Commission paid on entry and exit fills. */
  commission: number;
  /** Bars held, exit bar - entry bar. */
  barsHeld: number;
  /** Why it closed; null while open. */
  exitReason: ExitReason | null;
  open: boolean;
}

/** Account state at each bar's close. */
export interface EquityPoint {
  bar: number;
  date: string;
  equity: number;
  cash: number;
  /** Signed shares held at the close. */
  position: number;
}

/** A fill the broker executed. */
export interface Fill {
  bar: number;
  date: string;
  /** Signed shares: + buy, - sell. */
  shares: number;
  price: number;
  commission: number;
}
