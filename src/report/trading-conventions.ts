import type { Conventions } from '../run/results.ts';
import { escapeHtml, formatNumber, percentText } from './html.ts';

/** How fills, costs, sizing and warm-up work, as the report and the sweep report state them. */
export function tradingConventionItems(c: Conventions): Array<[string, string]> {
  return [
    ['Fills', escapeHtml(c.fillRule)],
    ['Commission', `${percentText(c.commissionRate)} of traded value per fill`],
    ['Slippage', `${percentText(c.slippageRate)} against each fill`],
    ['Sizing', `${c.sizing === 'fraction' ? `${percentText(c.sizingFraction ?? 1)} of equity` : 'all-in'}${c.wholeShares ? ', whole shares' : ', fractional shares'}, initial cash ${formatNumber(c.initialCash, 0)}`],
    ['Warm-up', escapeHtml(c.windowRule)],
  ];
}
