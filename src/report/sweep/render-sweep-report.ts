import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Metrics } from '../../metrics/types.ts';
import type { SweepResults, SweepTrialResult } from '../../sweep/sweep-results.ts';
import { clientStyles, pageFooter } from '../assets.ts';
import { BENCHMARK_COLOR, STRATEGY_COLORS } from '../chart-payload.ts';
import { definitionList, escapeHtml, formatDurationMs, formatNumber, formatProbability, roundSignificant } from '../html.ts';
import { objectiveDigits, renderHeatmap, renderLogitHistogram, renderProfiles, shortPath, showValue } from './sweep-figures.ts';
import { tradingConventionItems } from '../trading-conventions.ts';

const sweepScript = () => readFileSync(fileURLToPath(new URL('./client/sweep-report.js', import.meta.url)), 'utf8');
const sweepStyles = () => readFileSync(fileURLToPath(new URL('./client/sweep-report.css', import.meta.url)), 'utf8');

/** `fast=5 slow=30` for a trial's values. */
function valuesText(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([path, value]) => `${shortPath(path)}=${showValue(value)}`)
    .join(', ');
}

/** The chart data the page's script draws: the WFO, best-in-hindsight and buy-and-hold equity over the WFO window. */
export interface SweepChartPayload {
  lines: Array<{ name: string; color: string; dashed: boolean; date: string[]; equity: Array<number | null> }>;
  refits: Array<{ date: string; label: string }>;
}

export function sweepChartPayload(results: SweepResults): SweepChartPayload | null {
  const wfo = results.wfo;
  if (!wfo.available) return null;
  const line = (name: string, color: string, dashed: boolean, source: { date: string[]; equity: number[] }) => ({
    name,
    color,
    dashed,
    date: source.date,
    equity: source.equity.map((v) => roundSignificant(v, 6)),
  });
  const best = results.trials[wfo.bestInHindsight.trial];
  return {
    lines: [
      line('walk-forward optimization (out of sample)', STRATEGY_COLORS[0], false, wfo.equity.wfo),
      line(`best in hindsight: trial ${best.trial} (${valuesText(best.values)})`, STRATEGY_COLORS[1], false, wfo.equity.bestInHindsight),
      ...(wfo.equity.buyAndHold && wfo.buyAndHold ? [line(wfo.buyAndHold.name, BENCHMARK_COLOR, true, wfo.equity.buyAndHold)] : []),
    ],
    refits: wfo.refits.map((refit) => ({ date: refit.date, label: `#${refit.trial}` })),
  };
}

function renderHeader(results: SweepResults): string {
  const { data, conventions: c, sweep } = results;
  const run: Array<[string, string]> = [
    ['Symbol', escapeHtml(data.symbol)],
    ['Data', `${escapeHtml(data.start)} → ${escapeHtml(data.end)}, ${data.bars} bars (${escapeHtml(data.source)})`],
    ['Window', `${escapeHtml(results.evaluation.start)} → ${escapeHtml(results.evaluation.end)}, ${results.evaluation.endBar - results.evaluation.startBar + 1} bars: ${escapeHtml(results.evaluation.rule)}`],
    ['Swept', `${escapeHtml(sweep.strategy.name)} (${escapeHtml(sweep.strategy.type)}): ${sweep.paths.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ')}`],
    ['Trials', `${results.trials.length}, ${sweep.method === 'grid' ? 'grid' : 'random search'}${sweep.constraints.length ? `, constraints ${sweep.constraints.map((t) => `<code>${escapeHtml(t)}</code>`).join(', ')}` : ''}`],
    ['Objective', `${sweep.objective.direction} <code>${escapeHtml(sweep.objective.key)}</code>`],
    ['Seed', `${results.seed} (trial k runs with its own seed derived from it and k)`],
    ['Ran', `${escapeHtml(results.executor)}, ${formatDurationMs(results.runTimeMs)}, ${escapeHtml(results.createdAt)}`],
    ['Config', escapeHtml(results.configPath)],
  ];
  const conventions: Array<[string, string]> = [
    ...tradingConventionItems(c),
    ['Annualization', escapeHtml(c.annualization)],
  ];
  const warnings = results.warnings.length
    ? `<div class="alert warnings"><strong>Warnings</strong><ul>${results.warnings.map((w) => `<li><code>${escapeHtml(w.code)}</code> ${escapeHtml(w.message)}</li>`).join('')}</ul></div>`
    : '';
  return `<header>
<h1>${escapeHtml(results.name)} <span class="tag">sweep</span></h1>
<p class="window">Every trial is measured over <strong>${escapeHtml(results.evaluation.start)} → ${escapeHtml(results.evaluation.end)}</strong>, the same bars, fills and costs.</p>
${results.description ? `<p class="description">${escapeHtml(results.description)}</p>` : ''}
${warnings}
<div class="facts"><section><h2>Sweep</h2>${definitionList(run)}</section><section><h2>Conventions</h2>${definitionList(conventions)}</section></div>
</header>`;
}

/** The answer to "would I be fooling myself?", in words, with the three statistics behind it. */
function renderVerdict(results: SweepResults): string {
  const { selection: s, pbo, wfo, sweep } = results;
  const best = results.trials[s.trial];
  const key = sweep.objective.key;
  const digits = objectiveDigits(sweep.objective);
  const deflatedOk = s.deflatedSharpe >= 0.95;
  const items: string[] = [];
  items.push(
    `<li><strong>Best trial</strong>: #${best.trial} (${escapeHtml(valuesText(best.values))}), ${escapeHtml(key)} ${formatNumber(best.objective, digits)}` +
      `${key === 'sharpe' ? '' : `, Sharpe ${formatNumber(best.metrics.sharpe, 2)}`}, return ${formatNumber(best.metrics.totalReturnPct, 1)}%, max drawdown ${formatNumber(best.metrics.maxDrawdownPct, 1)}%.</li>`,
  );
  items.push(
    `<li><span class="badge ${deflatedOk ? 'yes' : 'no'}">deflated Sharpe ${formatProbability(s.deflatedSharpe)}</span> ` +
      `The best of ${s.trials} trials whose Sharpe ratios vary with variance ${formatNumber(s.sharpeVarianceAcrossTrials * results.conventions.periodsPerYear, 3)} (annualized) ` +
      `would reach an annualized Sharpe near ${formatNumber(s.expectedMaximumSharpeAnnualized, 2)} by luck alone; this one has ${formatNumber(s.sharpeAnnualized, 2)} ` +
      '(both √252 × mean / sd of daily returns, the ratio the test uses) ' +
      `(probabilistic Sharpe ${formatProbability(s.probabilisticSharpe)} before deflation). ` +
      (deflatedOk ? 'It clears the 0.95 bar after accounting for the search.' : 'It does not clear 0.95: the search alone could explain it.') +
      '</li>',
  );
  if (pbo.available) {
    items.push(
      `<li><span class="badge ${pbo.pbo < 0.2 ? 'yes' : 'no'}">PBO ${formatNumber(pbo.pbo, 2)}</span> In ${formatNumber(pbo.pbo * 100, 0)}% of ${pbo.splits} ways to split the window into in-sample and out-of-sample halves, ` +
        `the in-sample best ranked at or below the median out of sample; it lost money out of sample in ${formatNumber(pbo.probabilityOfLoss * 100, 0)}% of them.</li>`,
    );
  } else items.push(`<li><span class="badge na">PBO n/a</span> ${escapeHtml(pbo.reason)}.</li>`);
  if (wfo.available) {
    const hindsight = wfo.bestInHindsight.metrics;
    const share = hindsight.totalReturnPct > 0 ? 1 - wfo.metrics.totalReturnPct / hindsight.totalReturnPct : NaN;
    items.push(
      `<li><strong>Walk-forward optimization</strong>, choosing on the past only, from ${escapeHtml(wfo.window.start)}: return ${formatNumber(wfo.metrics.totalReturnPct, 1)}%, Sharpe ${formatNumber(wfo.metrics.sharpe, 2)} ` +
        `vs the best-in-hindsight trial ${formatNumber(hindsight.totalReturnPct, 1)}%, Sharpe ${formatNumber(hindsight.sharpe, 2)}` +
        (wfo.buyAndHold ? ` and ${escapeHtml(wfo.buyAndHold.name)} ${formatNumber(wfo.buyAndHold.metrics.totalReturnPct, 1)}%, Sharpe ${formatNumber(wfo.buyAndHold.metrics.sharpe, 2)}` : '') +
        ` over the same bars.${Number.isFinite(share) ? ` About ${formatNumber(Math.max(0, share) * 100, 0)}% of the best trial's return there came from choosing it with hindsight.` : ''}</li>`,
    );
  } else items.push(`<li><strong>Walk-forward optimization</strong> n/a: ${escapeHtml(wfo.reason)}.</li>`);
  return `<section id="verdict"><h2>Would picking the best trial fool you?</h2><ul class="verdicts">${items.join('\n')}</ul></section>`;
}

const METRIC_COLUMNS: Array<[keyof Metrics, string, number]> = [
  ['sharpe', 'Sharpe', 2],
  ['totalReturnPct', 'Return %', 1],
  ['cagrPct', 'CAGR %', 1],
  ['maxDrawdownPct', 'Max DD %', 1],
  ['trades', 'Trades', 0],
  ['exposurePct', 'Exposure %', 0],
];

function renderRanking(results: SweepResults): string {
  const { sweep } = results;
  const digits = objectiveDigits(sweep.objective);
  const hasForecasts = results.trials.some((t) => t.forecast);
  const metricColumns = METRIC_COLUMNS.filter(([key]) => key !== sweep.objective.key);
  const head = [
    '<th scope="col" data-col="rank">Rank</th>',
    '<th scope="col" data-col="trial">Trial</th>',
    ...sweep.paths.map((p) => `<th scope="col" title="${escapeHtml(p)}">${escapeHtml(shortPath(p))}</th>`),
    `<th scope="col" data-col="objective">${escapeHtml(sweep.objective.key)}</th>`,
    '<th scope="col" title="Mean objective of the neighbouring trials (one grid step away on one parameter)">Neighbours</th>',
    '<th scope="col" title="Worst objective among the neighbours">Worst nb.</th>',
    ...metricColumns.map(([, label]) => `<th scope="col">${label}</th>`),
    ...(hasForecasts ? ['<th scope="col" title="RMSE / naive RMSE over the window">RMSE ratio</th>', '<th scope="col">Dir. acc.</th>'] : []),
    '<th scope="col" title="Wall time of the trial">Time s</th>',
  ].join('');
  const row = (t: SweepTrialResult) =>
    `<tr${t.rank === 1 ? ' class="best-row"' : ''}><td>${t.rank}</td><td>${t.trial}</td>${sweep.paths.map((p) => `<td>${escapeHtml(showValue(t.values[p]))}</td>`).join('')}` +
    `<td><strong>${formatNumber(t.objective, digits)}</strong></td><td>${formatNumber(t.neighbours.mean, digits)}</td><td>${formatNumber(t.neighbours.worst, digits)}</td>` +
    metricColumns.map(([key, , d]) => `<td>${formatNumber(t.metrics[key], d)}</td>`).join('') +
    (hasForecasts ? `<td>${formatNumber(t.forecast?.metrics.rmseRatioVsNaive, 3)}</td><td>${formatNumber(t.forecast?.metrics.directionalAccuracy, 3)}</td>` : '') +
    `<td>${formatNumber(t.seconds, t.seconds < 1 ? 3 : 1)}</td></tr>`;
  const rows = results.ranking.map((trial) => row(results.trials[trial])).join('\n');
  return `<section id="ranking"><h2>Ranking <span class="sub">${results.trials.length} trials by ${escapeHtml(sweep.objective.key)}</span></h2>
<p class="hint">Neighbours: the mean and worst ${escapeHtml(sweep.objective.key)} of the trials next to this one in the parameter space (${sweep.method === 'grid' ? 'one grid step on one parameter' : 'the nearest trials'}); a best trial with poor neighbours is an island, more likely luck than a stable setting.</p>
<div class="scroll tall-table"><table class="ranking compact"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

function renderStability(results: SweepResults): string {
  const { stability, sweep } = results;
  const heatmaps = stability.heatmaps;
  let heatmapBlock = '';
  if (heatmaps.length > 0) {
    const chosen = sweep.heatmap ? `${sweep.heatmap[0]}|${sweep.heatmap[1]}` : `${heatmaps[0].x}|${heatmaps[0].y}`;
    const found = heatmaps.some((h) => `${h.x}|${h.y}` === chosen || `${h.y}|${h.x}` === chosen);
    const selected = found ? chosen : `${heatmaps[0].x}|${heatmaps[0].y}`;
    const isSelected = (h: { x: string; y: string }) => `${h.x}|${h.y}` === selected || `${h.y}|${h.x}` === selected;
    const options = heatmaps.map((h) => `<option value="${escapeHtml(`${h.x}|${h.y}`)}"${isSelected(h) ? ' selected' : ''}>${escapeHtml(h.x)} × ${escapeHtml(h.y)}</option>`).join('');
    const selector = heatmaps.length > 1 ? `<div class="controls no-print"><label>Parameters <select id="heatmap-pair">${options}</select></label></div>` : '';
    heatmapBlock = `<h3>Heatmap</h3>${selector}<div class="scroll">${heatmaps.map((h) => renderHeatmap(h, sweep.objective, results.selection.trial, isSelected(h))).join('\n')}</div>
<p class="hint">Darker is better; the outlined cell holds the best trial. With more than two parameters each cell shows the best over the others.</p>`;
  }
  return `<section id="stability"><h2>Parameter stability</h2>${heatmapBlock}
<h3>Each parameter alone</h3><div class="profiles">${renderProfiles(stability.profiles, sweep.objective)}</div></section>`;
}

function renderPbo(results: SweepResults): string {
  const pbo = results.pbo;
  if (!pbo.available) return `<section id="pbo"><h2>Probability of backtest overfitting</h2><p class="note">Not computed: ${escapeHtml(pbo.reason)}.</p></section>`;
  return `<section id="pbo"><h2>Probability of backtest overfitting <span class="sub">CSCV</span></h2>
<p class="explain">Combinatorially symmetric cross-validation (Bailey, Borwein, Lopez de Prado and Zhu, 2015): the window's daily returns of all
${pbo.trials} trials are cut into ${pbo.partitions} blocks of about ${Math.floor(pbo.observations / pbo.partitions)} days; for each of the ${pbo.splits} ways to pick half of
the blocks as in sample, the trial with the best ${escapeHtml(pbo.statistic)} in sample is ranked among all trials out of sample. PBO is the share of
splits where it ranks at or below the median (logit ≤ 0). Trials that differ only by luck give about 0.5; a truly better trial, near 0.</p>
${pbo.note ? `<p class="note">${escapeHtml(pbo.note)}.</p>` : ''}
<div class="pair"><figure>${renderLogitHistogram(pbo.logits, pbo.trials)}<figcaption>Logits of the in-sample best's out-of-sample relative rank over all ${pbo.splits} splits; red bars are overfit.</figcaption></figure>
${definitionList([
  ['PBO', formatNumber(pbo.pbo, 3)],
  ['Splits', `${pbo.splits} (C(${pbo.partitions}, ${pbo.partitions / 2}))`],
  ['P(out-of-sample loss)', formatNumber(pbo.probabilityOfLoss, 3)],
  [`Mean ${pbo.statistic} of the in-sample best`, `${formatNumber(pbo.meanInSample, 4)} in sample, ${formatNumber(pbo.meanOutOfSample, 4)} out of sample`],
])}</div></section>`;
}

function renderWfo(results: SweepResults): string {
  const wfo = results.wfo;
  if (!wfo.available) return `<section id="wfo"><h2>Walk-forward optimization</h2><p class="note">Not computed: ${escapeHtml(wfo.reason)}.</p></section>`;
  const payload = sweepChartPayload(results)!;
  const legend = payload.lines.map((l) => `<span><span class="swatch" style="background:${l.color}"></span>${escapeHtml(l.name)}</span>`).join(' ');
  const compare: Array<[string, Metrics]> = [['WFO', wfo.metrics], [`best in hindsight (#${wfo.bestInHindsight.trial})`, wfo.bestInHindsight.metrics]];
  if (wfo.buyAndHold) compare.push([wfo.buyAndHold.name, wfo.buyAndHold.metrics]);
  const shown: Array<[string, keyof Metrics, number]> = [
    ['Return %', 'totalReturnPct', 1],
    ['CAGR %', 'cagrPct', 1],
    ['Sharpe', 'sharpe', 2],
    ['Max DD %', 'maxDrawdownPct', 1],
    ['Trades', 'trades', 0],
    ['Final equity', 'finalEquity', 0],
  ];
  const body = shown.map(([label, key, d]) => `<tr><th scope="row">${label}</th>${compare.map(([, m]) => `<td>${formatNumber(m[key], d)}</td>`).join('')}</tr>`).join('');
  const table = `<table class="compact"><thead><tr><th scope="col"></th>${compare.map(([n]) => `<th scope="col">${escapeHtml(n)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
  const choices = wfo.refits.map((r) => `<tr><td>${escapeHtml(r.date)}</td><td>${r.trial}</td><td>${escapeHtml(valuesText(r.values))}</td></tr>`).join('');
  return `<section id="wfo"><h2>Walk-forward optimization <span class="sub">${wfo.settings.scheme}, choose every ${wfo.settings.testBars} bars after ${wfo.settings.trainBars}</span></h2>
<p class="explain">At each refit point the trial with the best ${escapeHtml(results.sweep.objective.key)} over ${wfo.settings.scheme === 'expanding' ? 'every earlier bar of the window' : `the last ${wfo.settings.trainBars} bars`} (its own track record, nothing later) is chosen and traded until the next one;
the chosen trials' decisions, stitched, go through the same broker and costs. All three curves start with the same cash on ${escapeHtml(wfo.window.start)}.
${wfo.distinctChoices} distinct trial${wfo.distinctChoices === 1 ? ' was' : 's were'} chosen at ${wfo.refits.length} refit points.</p>
<div class="legend">${legend}</div>
<div class="chart tall" data-chart="sweep-equity"></div>
<div class="pair"><div>${table}</div><div class="scroll tall-table"><table class="compact"><thead><tr><th scope="col">Refit</th><th scope="col">Trial</th><th scope="col">Values</th></tr></thead><tbody>${choices}</tbody></table></div></div></section>`;
}

function renderReferences(results: SweepResults): string {
  if (results.references.length === 0) return '';
  const rows = results.references
    .map((r) => `<tr><td>${escapeHtml(r.name)}${r.isBenchmark ? ' (benchmark)' : ''}</td><td>${escapeHtml(r.type)}</td>${METRIC_COLUMNS.map(([key, , d]) => `<td>${formatNumber(r.metrics[key], d)}</td>`).join('')}</tr>`)
    .join('');
  return `<section id="references"><h2>References <span class="sub">over the same window, not part of the search</span></h2>
<table class="compact"><thead><tr><th scope="col">Strategy</th><th scope="col">Type</th>${METRIC_COLUMNS.map(([, label]) => `<th scope="col">${label}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** The sweep report: one self-contained HTML page in the style of the backtest report. */
export function renderSweepReport(results: SweepResults): string {
  const payload = sweepChartPayload(results);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(results.name)} · walkforward sweep</title>
<style>${clientStyles()}
${sweepStyles()}</style>
</head>
<body>
${renderHeader(results)}
<main>
${renderVerdict(results)}
${renderWfo(results)}
${renderRanking(results)}
${renderStability(results)}
${renderPbo(results)}
${renderReferences(results)}
</main>
${pageFooter('sweep-data', payload, sweepScript())}
</body>
</html>
`;
}
