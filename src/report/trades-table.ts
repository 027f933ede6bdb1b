import type { Trade } from '../backtest/types.ts';
import type { RunResults } from '../run/results.ts';
import { escapeHtml, formatNumber } from './html.ts';

/** Rows beyond this per strategy are left out of the page (the note says how many). */
export const MAX_TRADE_ROWS_PER_STRATEGY = 1000;

const COLUMNS: Array<{ label: string; type: 'text' | 'number' }> = [
  { label: 'Strategy', type: 'text' },
  { label: 'Side', type: 'text' },
  { label: 'Entry', type: 'text' },
  { label: 'Entry price', type: 'number' },
  { label: 'Exit', type: 'text' },
  { label: 'Exit price', type: 'number' },
  { label: 'Size', type: 'number' },
  { label: 'PnL', type: 'number' },
  { label: 'Return %', type: 'number' },
  { label: 'Bars', type: 'number' },
  { label: 'Commission', type: 'number' },
];

function row(strategyIndex: number, name: string, trade: Trade): string {
  const pnlClass = trade.pnl > 0 ? 'up' : trade.pnl < 0 ? 'down' : '';
  const cells = [
    escapeHtml(name),
    trade.direction > 0 ? 'long' : 'short',
    trade.entryDate,
    formatNumber(trade.entryPrice, 2),
    trade.open ? 'open' : (trade.exitDate ?? ''),
    trade.exitPrice === null ? '' : formatNumber(trade.exitPrice, 2),
    formatNumber(trade.size, Number.isInteger(trade.size) ? 0 : 3),
    formatNumber(trade.pnl, 2),
    formatNumber(trade.returnPct, 2),
    String(trade.barsHeld),
    formatNumber(trade.commission, 2),
  ];
  return `<tr data-s="${strategyIndex}"${pnlClass ? ` class="${pnlClass}"` : ''}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

/** One sortable table of every strategy's trades (closed, plus the open one marked `open`). */
export function renderTradesTable(results: RunResults): string {
  const notes: string[] = [];
  const rows: string[] = [];
  results.strategies.forEach((strategy, index) => {
    const trades = strategy.openTrade ? [...strategy.trades, strategy.openTrade] : strategy.trades;
    if (trades.length > MAX_TRADE_ROWS_PER_STRATEGY) {
      notes.push(`${escapeHtml(strategy.name)}: the first ${MAX_TRADE_ROWS_PER_STRATEGY} of ${trades.length} trades are listed (results.json has all).`);
    }
    for (const trade of trades.slice(0, MAX_TRADE_ROWS_PER_STRATEGY)) rows.push(row(index, strategy.name, trade));
  });
  const options = results.strategies.map((s, i) => `<option value="${i}">${escapeHtml(s.name)}</option>`).join('');
  const head = COLUMNS.map((c, i) => `<th scope="col" data-type="${c.type}" data-col="${i}" tabindex="0">${c.label}</th>`).join('');
  return `<div class="controls no-print"><label>Strategy <select id="trades-filter"><option value="">all</option>${options}</select></label> <span class="hint">Click a column header to sort.</span></div>
${notes.map((n) => `<p class="note">${n}</p>`).join('')}
<div class="scroll tall-table"><table class="trades sortable" id="trades-table"><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>${rows.length === 0 ? '<p class="note">No trades.</p>' : ''}`;
}
