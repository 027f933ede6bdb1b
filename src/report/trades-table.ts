import type { ExitDistance, ExitRules } from '../backtest/exits.ts';
import type { ExitReason, Trade } from '../backtest/types.ts';
import type { RunResults } from '../run/results.ts';
import { escapeHtml, roundDecimals, roundSignificant } from './html.ts';

/** Rows beyond this per strategy are left out of the page (the note says how many). */
export const MAX_TRADE_ROWS_PER_STRATEGY = 5000;

/** Column headers; the page's script fills the rows from `tradeRows` (compact, so a busy run stays small). */
export const TRADE_COLUMNS: Array<{ label: string; type: 'text' | 'number' }> = [
  { label: 'Strategy', type: 'text' },
  { label: 'Side', type: 'text' },
  { label: 'Entry', type: 'text' },
  { label: 'Entry price', type: 'number' },
  { label: 'Exit', type: 'text' },
  { label: 'Exit price', type: 'number' },
  { label: 'Exit reason', type: 'text' },
  { label: 'Size', type: 'number' },
  { label: 'PnL', type: 'number' },
  { label: 'Return %', type: 'number' },
  { label: 'Bars', type: 'number' },
  { label: 'Commission', type: 'number' },
];

/**
 * One trade as a compact row: [strategy index, direction, entry date, entry price, exit date
 * (null while open), exit price, size, pnl, return %, bars held, commission, exit reason (null
 * while open)]. The page shows the exit reason after the exit price.
 */
export type TradeRow = [number, number, string, number | null, string | null, number | null, number | null, number | null, number | null, number, number | null, ExitReason | null];

function tradeRow(strategyIndex: number, trade: Trade): TradeRow {
  return [
    strategyIndex,
    trade.direction,
    trade.entryDate,
    roundSignificant(trade.entryPrice, 7),
    trade.open ? null : trade.exitDate,
    trade.exitPrice === null ? null : roundSignificant(trade.exitPrice, 7),
    roundSignificant(trade.size, 7),
    roundDecimals(trade.pnl, 2),
    roundDecimals(trade.returnPct, 2),
    trade.barsHeld,
    roundDecimals(trade.commission, 2),
    trade.exitReason,
  ];
}

/** Every strategy's trades (closed, then the open one) as compact rows, capped per strategy. */
export function tradeRows(results: RunResults): { rows: TradeRow[]; notes: string[] } {
  const rows: TradeRow[] = [];
  const notes: string[] = [];
  results.strategies.forEach((strategy, index) => {
    const trades = strategy.openTrade ? [...strategy.trades, strategy.openTrade] : strategy.trades;
    if (trades.length > MAX_TRADE_ROWS_PER_STRATEGY) {
      notes.push(`${strategy.name}: the first ${MAX_TRADE_ROWS_PER_STRATEGY} of ${trades.length} trades are listed (results.json has all).`);
    }
    for (const trade of trades.slice(0, MAX_TRADE_ROWS_PER_STRATEGY)) rows.push(tradeRow(index, trade));
  });
  return { rows, notes };
}

function describeDistance(distance: ExitDistance, atrPeriod: number): string {
  return distance.fraction !== undefined ? `${roundSignificant(distance.fraction * 100, 4)}%` : `${distance.atrMultiple} x ATR(${atrPeriod})`;
}

/** A strategy's exits in words, e.g. "stop-loss 5%, take-profit 2 x ATR(14), limit entry 1% better than the close". */
export function describeExits(exits: ExitRules): string {
  const parts: string[] = [];
  if (exits.stopLoss) parts.push(`stop-loss ${describeDistance(exits.stopLoss, exits.atrPeriod)}`);
  if (exits.takeProfit) parts.push(`take-profit ${describeDistance(exits.takeProfit, exits.atrPeriod)}`);
  if (exits.trailingStop) parts.push(`trailing stop ${describeDistance(exits.trailingStop, exits.atrPeriod)}`);
  if (exits.maxBars !== undefined) parts.push(`time exit after ${exits.maxBars} bars`);
  parts.push(exits.entry === 'limit' ? `limit entry ${roundSignificant((exits.limitOffset ?? 0) * 100, 4)}% better than the decision close` : 'market entry');
  return parts.join(', ');
}

/** Per strategy with exits: its rules and how many closed trades each reason closed. */
function exitsSummary(results: RunResults): string {
  const items = results.strategies.flatMap((strategy) => {
    if (!strategy.exits) return [];
    const counts = new Map<ExitReason, number>();
    for (const trade of strategy.trades) if (trade.exitReason) counts.set(trade.exitReason, (counts.get(trade.exitReason) ?? 0) + 1);
    const closed = [...counts].map(([reason, count]) => `${count} ${reason}`).join(', ') || 'no closed trades';
    return [`<li><b>${escapeHtml(strategy.name)}</b>: ${escapeHtml(describeExits(strategy.exits))}. Closed by: ${escapeHtml(closed)}.</li>`];
  });
  return items.length ? `<ul class="exits">${items.join('')}</ul>` : '';
}

/** The trades section: filter, notes and the sortable table the page's script fills. */
export function renderTradesTable(results: RunResults, notes: string[], rowCount: number): string {
  const options = results.strategies.map((s, i) => `<option value="${i}">${escapeHtml(s.name)}</option>`).join('');
  const head = TRADE_COLUMNS.map((c, i) => `<th scope="col" data-type="${c.type}" data-col="${i}" tabindex="0">${c.label}</th>`).join('');
  return `${exitsSummary(results)}<div class="controls no-print"><label>Strategy <select id="trades-filter"><option value="">all</option>${options}</select></label> <span class="hint">Click a column header to sort.</span></div>
${notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('')}
<noscript><p class="note">The trades table needs JavaScript; results.json lists every trade.</p></noscript>
<div class="scroll tall-table"><table class="trades sortable" id="trades-table" data-rows="${rowCount}"><thead><tr>${head}</tr></thead><tbody></tbody></table></div>${rowCount === 0 ? '<p class="note">No trades.</p>' : ''}`;
}
