// The sweep report's static figures: heatmap tables and the PBO logit histogram (inline SVG), so
// they print and read without any script.
import type { Objective } from '../../sweep/objective.ts';
import type { Heatmap, ParameterProfile } from '../../sweep/parameter-stability.ts';
import { escapeHtml, formatNumber } from '../html.ts';

/** A swept value as the report shows it: numbers plain, lists and strings as written in YAML flow style. */
export function showValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return (JSON.stringify(value) ?? 'null').replace(/,/g, ', ');
}

/** The last key of a path (`sma.params.fast` -> fast), for narrow column heads. */
export function shortPath(path: string): string {
  return path.split(/[.[]/).pop()!.replace(/\]$/, '');
}

/** Where a value sits between the worst and the best (0..1), in the objective's direction. */
function goodness(value: number, worst: number, best: number): number {
  if (!Number.isFinite(value) || best === worst) return 1;
  return (value - worst) / (best - worst);
}

export function objectiveDigits(objective: Objective): number {
  return /Pct$|Equity$|commissions/.test(objective.key) ? 1 : /Bars$|trades|durationDays/.test(objective.key) ? 0 : 2;
}

/** One heatmap as a table: rows the y values, columns the x values, each cell the best objective with those two. */
export function renderHeatmap(heatmap: Heatmap, objective: Objective, bestTrial: number, visible: boolean): string {
  const values = heatmap.cells.flat().flatMap((cell) => (cell.best === null ? [] : [cell.best]));
  const sign = objective.direction === 'maximize' ? 1 : -1;
  const best = values.reduce((a, b) => (sign * b > sign * a ? b : a), values[0] ?? 0);
  const worst = values.reduce((a, b) => (sign * b < sign * a ? b : a), values[0] ?? 0);
  const digits = objectiveDigits(objective);
  const head = `<tr><th scope="col">${escapeHtml(shortPath(heatmap.y))} \\ ${escapeHtml(shortPath(heatmap.x))}</th>${heatmap.xValues.map((x) => `<th scope="col">${escapeHtml(showValue(x))}</th>`).join('')}</tr>`;
  const rows = heatmap.cells
    .map((row, yi) => {
      const cells = row
        .map((cell) => {
          if (cell.best === null) return `<td class="empty" title="${cell.count ? 'no value' : 'no trial'}">${cell.count ? 'n/a' : ''}</td>`;
          const alpha = 0.08 + 0.72 * goodness(cell.best, worst, best);
          const mark = cell.trial === bestTrial ? ' class="best"' : '';
          const title = `trial ${cell.trial}${cell.count > 1 ? `, best of ${cell.count}` : ''}`;
          return `<td${mark} style="background:rgba(37,99,235,${alpha.toFixed(2)})" title="${escapeHtml(title)}">${formatNumber(cell.best, digits)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escapeHtml(showValue(heatmap.yValues[yi]))}</th>${cells}</tr>`;
    })
    .join('');
  const key = `${heatmap.x}|${heatmap.y}`;
  return `<table class="heatmap sweep-heatmap" data-pair="${escapeHtml(key)}"${visible ? '' : ' hidden'}><caption>${escapeHtml(objective.key)} by ${escapeHtml(heatmap.x)} (columns) and ${escapeHtml(heatmap.y)} (rows)${values.length < heatmap.cells.flat().reduce((n, c) => n + c.count, 0) ? '; each cell the best of its trials' : ''}</caption><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}

/** Per parameter: how the best and the median objective move with its value. */
export function renderProfiles(profiles: readonly ParameterProfile[], objective: Objective): string {
  const digits = objectiveDigits(objective);
  return profiles
    .map((profile) => {
      const rows = profile.points
        .map((p) => `<tr><th scope="row">${escapeHtml(showValue(p.value))}</th><td>${formatNumber(p.best, digits)}</td><td>${formatNumber(p.median, digits)}</td><td>${p.count}</td></tr>`)
        .join('');
      return `<table class="compact profile"><caption>${escapeHtml(profile.path)}</caption><thead><tr><th scope="col">value</th><th scope="col">best</th><th scope="col">median</th><th scope="col">trials</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('\n');
}

/**
 * Histogram of the logits of the in-sample best's out-of-sample relative rank over all CSCV
 * splits: mass left of zero is overfitting (PBO), right of zero the choice held up.
 */
export function renderLogitHistogram(logits: ReadonlyArray<{ logit: number; splits: number }>, trials: number): string {
  const width = 640;
  const height = 210;
  const left = 44;
  const bottom = 30;
  const top = 12;
  const limit = Math.log(trials); // the largest logit a rank among N trials can reach
  // An even count puts zero on a bin edge: every bar is wholly overfit or wholly not.
  const binCount = 2 * Math.ceil(Math.min(24, Math.max(6, trials)) / 2);
  const binWidth = (2 * limit) / binCount;
  const counts = new Array<number>(binCount).fill(0);
  let total = 0;
  for (const { logit, splits } of logits) {
    const bin = Math.min(binCount - 1, Math.max(0, Math.floor((logit + limit) / binWidth)));
    counts[bin] += splits;
    total += splits;
  }
  const peak = Math.max(1, ...counts) / Math.max(1, total);
  const x = (logit: number) => left + ((logit + limit) / (2 * limit)) * (width - left - 8);
  const y = (share: number) => height - bottom - (share / peak) * (height - bottom - top);
  const bars = counts
    .map((count, b) => {
      const from = -limit + b * binWidth;
      const share = count / Math.max(1, total);
      const overfit = from + binWidth / 2 <= 0;
      return `<rect x="${x(from).toFixed(1)}" y="${y(share).toFixed(1)}" width="${Math.max(1, x(from + binWidth) - x(from) - 1).toFixed(1)}" height="${(height - bottom - y(share)).toFixed(1)}" class="${overfit ? 'overfit' : 'held'}"><title>logit ${from.toFixed(2)} to ${(from + binWidth).toFixed(2)}: ${count} splits (${(share * 100).toFixed(1)}%)</title></rect>`;
    })
    .join('');
  const ticks = [-limit, -limit / 2, 0, limit / 2, limit]
    .map((t) => `<text x="${x(t).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${t.toFixed(1)}</text>`)
    .join('');
  const yTicks = [0, peak / 2, peak]
    .map((s) => `<text x="${left - 6}" y="${(y(s) + 4).toFixed(1)}" text-anchor="end">${(s * 100).toFixed(0)}%</text>`)
    .join('');
  return `<svg class="logits" viewBox="0 0 ${width} ${height}" role="img" aria-label="Histogram of the logits of the in-sample best trial's out-of-sample rank">
<line x1="${left}" y1="${height - bottom}" x2="${width - 8}" y2="${height - bottom}" class="axis"/>
<line x1="${x(0).toFixed(1)}" y1="${top}" x2="${x(0).toFixed(1)}" y2="${height - bottom}" class="zero"/>
${bars}${ticks}${yTicks}
<text x="${((left + width) / 2).toFixed(0)}" y="${height - 2}" text-anchor="middle">logit of the out-of-sample relative rank (left of 0: below the median)</text>
</svg>`;
}
