import type { JournalScore } from '../signal/score-journal.ts';
import { escapeHtml, formatNumber } from './html.ts';

/**
 * The "Live record" section (`backtest --journal`): per strategy and symbol, how following the
 * journalled signals went (next-open fills, the run's costs) beside this backtest over the same
 * bars, the hit rate, and where the signals differ from the backtest's decisions.
 */
export function renderLiveRecordSection(scores: readonly JournalScore[], journalFile: string): string {
  const rows = scores
    .map((s) => {
      const gap = s.followedReturnPct !== null && s.backtestReturnPct !== null ? s.followedReturnPct - s.backtestReturnPct : null;
      const mismatches = s.targetMismatches === 0 ? '0' : `${s.targetMismatches} (${s.mismatchDates.map(escapeHtml).join(', ')}${s.targetMismatches > s.mismatchDates.length ? ', ...' : ''})`;
      return (
        `<tr><td>${escapeHtml(s.strategy)}</td><td>${escapeHtml(s.symbol)}</td><td>${s.signals}${s.unmatched ? ` (+${s.unmatched} not in the data)` : ''}</td>` +
        `<td>${escapeHtml(s.firstBarDate ?? '-')} → ${escapeHtml(s.lastBarDate ?? '-')}</td>` +
        `<td>${formatNumber(s.followedReturnPct, 2)}</td><td>${formatNumber(s.backtestReturnPct, 2)}</td><td>${formatNumber(gap, 2)}</td>` +
        `<td>${formatNumber(s.hitRatePct, 1)} (${s.scoredPositions})</td><td>${mismatches}</td><td>${s.maxForecastGap === null ? '-' : s.maxForecastGap.toExponential(2)}</td></tr>`
      );
    })
    .join('');
  const body = scores.length === 0
    ? '<p class="note">The journal has no signals of these strategies on these symbols.</p>'
    : `<div class="scroll"><table class="compact"><thead><tr><th>Strategy</th><th>Symbol</th><th>Signals</th><th>Bars</th><th>Followed return %</th><th>Backtest return %</th><th>Gap (pp)</th><th>Hit rate % (positions)</th><th>Targets unlike the backtest</th><th>Largest forecast gap</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return `<section id="live-record"><h2>Live record</h2>
<p class="hint">Signals journalled by <code>walkforward signal</code> (${escapeHtml(journalFile)}), each held until the next, filled at the next open with this run's costs, from the first journalled bar's close to the last bar; the backtest's decisions over the same bars beside them. A hit is a position the price moved toward between its fill and the next signal's fill.</p>
${body}</section>`;
}
