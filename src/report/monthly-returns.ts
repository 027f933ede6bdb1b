import type { EquityPoint } from '../backtest/types.ts';
import { escapeHtml, formatNumber } from './html.ts';

export interface MonthlyReturns {
  years: number[];
  /** returns[y][m]: return of month m (0 = January) of years[y] as a fraction; NaN when no data. */
  returns: number[][];
  /** Compounded return of each year over the months present. */
  yearReturns: number[];
}

/**
 * Monthly returns of an equity curve: each month's last equity over the previous month's last
 * equity (the first month is measured from the first point).
 */
export function monthlyReturns(equity: readonly Pick<EquityPoint, 'date' | 'equity'>[]): MonthlyReturns {
  const monthEnds = new Map<string, number>(); // 'YYYY-MM' -> last equity of that month
  for (const point of equity) monthEnds.set(point.date.slice(0, 7), point.equity);
  const years: number[] = [];
  const returns: number[][] = [];
  const yearReturns: number[] = [];
  let previous = equity.length ? equity[0].equity : NaN;
  for (const [month, value] of monthEnds) {
    const year = Number(month.slice(0, 4));
    if (years.at(-1) !== year) {
      years.push(year);
      returns.push(new Array(12).fill(NaN));
      yearReturns.push(0);
    }
    const monthReturn = previous > 0 ? value / previous - 1 : NaN;
    returns[returns.length - 1][Number(month.slice(5, 7)) - 1] = monthReturn;
    if (Number.isFinite(monthReturn)) yearReturns[yearReturns.length - 1] = (1 + yearReturns.at(-1)!) * (1 + monthReturn) - 1;
    previous = value;
  }
  return { years, returns, yearReturns };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Background for a return: green up, red down, stronger with size (saturating at `scale`). */
function heatColor(value: number, scale: number): string {
  if (!Number.isFinite(value) || value === 0) return '';
  const alpha = Math.min(1, Math.abs(value) / scale) * 0.75 + 0.08;
  return value > 0 ? `background:rgba(22,163,74,${alpha.toFixed(2)})` : `background:rgba(220,38,38,${alpha.toFixed(2)})`;
}

function cell(value: number, scale: number): string {
  if (!Number.isFinite(value)) return '<td></td>';
  const style = heatColor(value, scale);
  return `<td${style ? ` style="${style}"` : ''}>${formatNumber(value * 100, 1)}</td>`;
}

/** Heatmap table of one strategy's monthly returns in percent. */
export function renderMonthlyHeatmap(name: string, monthly: MonthlyReturns): string {
  const head = `<tr><th scope="col">Year</th>${MONTHS.map((m) => `<th scope="col">${m}</th>`).join('')}<th scope="col">Total</th></tr>`;
  const rows = monthly.years
    .map((year, y) => `<tr><th scope="row">${year}</th>${monthly.returns[y].map((v) => cell(v, 0.1)).join('')}${cell(monthly.yearReturns[y], 0.4)}</tr>`)
    .join('');
  return `<table class="heatmap"><caption>${escapeHtml(name)}: monthly returns %</caption><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}
