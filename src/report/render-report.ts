import type { RunResults } from '../run/results.ts';
import { clientScript, clientStyles, pageFooter } from './assets.ts';
import { buildChartPayload, strategyColors } from './chart-payload.ts';
import { definitionList, escapeHtml, formatDurationMs, formatNumber, formatProbability, percentText } from './html.ts';
import { renderMetricsTable } from './metrics-table.ts';
import { renderLiveRecordSection } from './live-record-section.ts';
import { renderModelSection } from './model-section.ts';
import type { JournalScore } from '../signal/score-journal.ts';
import { monthlyReturns, renderMonthlyHeatmap } from './monthly-returns.ts';
import { renderTradesTable, tradeRows } from './trades-table.ts';
import { tradingConventionItems } from './trading-conventions.ts';

/** The engine that ran the models; per strategy when they differ (linear/naive need none). */
function engineText(results: RunResults): string {
  const models = results.strategies.filter((s) => s.model);
  const engines = [...new Set(models.map((s) => String(s.model!.engine)).filter((e) => e !== 'none'))];
  if (engines.length === 0) return escapeHtml(results.engine);
  if (engines.length === 1) return escapeHtml(engines[0]);
  return models.map((s) => `${escapeHtml(s.name)}: ${escapeHtml(String(s.model!.engine))}`).join(', ');
}

/** The evaluation window in words: dates, bar count, how it was chosen. */
function windowText(results: RunResults): string {
  const e = results.evaluation;
  return `${escapeHtml(e.start)} → ${escapeHtml(e.end)}, ${e.endBar - e.startBar + 1} bars: ${escapeHtml(e.rule)}. Earlier bars only warm up (shaded on the charts).`;
}

/** When strategies are measured over different windows, say so before any figure. */
function renderWindowsDiffer(results: RunResults): string {
  if (!results.evaluation.windowsDiffer) return '';
  const items = results.strategies.map((s) => `<li>${escapeHtml(s.name)}: ${escapeHtml(s.window.start)} → ${escapeHtml(s.window.end)}</li>`).join('');
  return `<div class="alert" role="alert"><strong>These strategies are measured over different windows</strong>, so their figures are not directly comparable:<ul>${items}</ul></div>`;
}

/** Doubtful input the run met (it went on). */
function renderWarnings(results: RunResults): string {
  if (!results.warnings?.length) return '';
  const items = results.warnings.map((w) => `<li><code>${escapeHtml(w.code)}</code> ${escapeHtml(w.message)}</li>`).join('');
  return `<div class="alert warnings"><strong>Warnings</strong><ul>${items}</ul></div>`;
}

function renderHeader(results: RunResults): string {
  const { data, conventions: c } = results;
  const symbols = [...new Set(results.strategies.map((s) => s.symbol))];
  const run: Array<[string, string]> = [
    ['Symbol', escapeHtml(symbols.length > 1 ? symbols.join(', ') : data.symbol)],
    ['Data', `${escapeHtml(data.start)} → ${escapeHtml(data.end)}, ${data.bars} ${escapeHtml(data.frequency.label)} bars${data.frequency.intraday ? ' (times in UTC)' : ''} (${escapeHtml(data.source)})${data.droppedRows ? `, ${data.droppedRows} invalid rows dropped` : ''}`],
    ['Evaluation window', windowText(results)],
    ['Engine', engineText(results)],
    ['Seed', String(results.seed)],
    ['Run time', formatDurationMs(results.runTimeMs)],
    ['Created', escapeHtml(results.createdAt)],
    ['Config', escapeHtml(results.configPath)],
  ];
  const conventions: Array<[string, string]> = [
    ...tradingConventionItems(c),
    ['Exits', results.strategies.some((s) => s.exits) ? escapeHtml(c.exitRule) : 'none: positions close only on a new signal (a change of target)'],
    ['Periods', `${c.periodsPerYear.toLocaleString('en-US')} a year: ${escapeHtml(c.periodsPerYearRule)}`],
    ['Risk-free rate', `${percentText(c.riskFreeRate)} a year`],
    ['Annualization', escapeHtml(c.annualization)],
  ];
  return `<header>
<h1>${escapeHtml(results.name)}</h1>
<p class="window" id="window">Every figure below covers <strong>${escapeHtml(results.evaluation.start)} → ${escapeHtml(results.evaluation.end)}</strong>${results.evaluation.windowsDiffer ? ' (the span of the strategies\' own windows)' : ''}.</p>
${renderWindowsDiffer(results)}
${results.description ? `<p class="description">${escapeHtml(results.description)}</p>` : ''}
${renderWarnings(results)}
<div class="facts"><section><h2>Run</h2>${definitionList(run)}</section><section><h2>Conventions</h2>${definitionList(conventions)}</section></div>
</header>`;
}

function renderVerdicts(results: RunResults, colors: string[]): string {
  const withStats = results.strategies.map((s, i) => ({ s, i, stats: s.statistics }));
  if (!withStats.some((x) => x.stats)) {
    return '<section id="verdicts"><h2>Is the edge real?</h2><p class="note">No statistics in these results (they predate them); run the config again.</p></section>';
  }
  const trials = withStats.find((x) => x.stats)!.stats!.trials;
  const items = withStats
    .map(({ s, i, stats }) => {
      if (!stats) return '';
      // results.json stores a NaN Sharpe ratio (a flat strategy) as null; both mean no verdict.
      const badge = !Number.isFinite(stats.sharpePerPeriod)
        ? '<span class="badge na">no verdict</span>'
        : stats.edgeSignificant
          ? '<span class="badge yes">significant</span>'
          : '<span class="badge no">not significant</span>';
      return `<li><span class="swatch" style="background:${colors[i]}"></span><strong>${escapeHtml(s.name)}</strong> ${badge} ${escapeHtml(stats.verdict)}</li>`;
    })
    .join('\n');
  const expected = withStats.find((x) => x.stats)!.stats!.expectedMaximumSharpeAnnualized;
  return `<section id="verdicts"><h2>Is the edge real?</h2>
<p class="explain">A backtest's Sharpe ratio is an estimate. We call an edge significant only when its 95% bootstrap interval
(stationary block bootstrap, seed ${results.seed}) lies above zero <em>and</em> the deflated Sharpe ratio, which discounts for
the ${trials} strategies compared here (luck alone would give the best of them an annualized Sharpe near ${formatNumber(expected, 2)}),
reaches 0.95. Each strategy is also measured against the benchmark on the differences of its ${results.data.frequency.intraday ? 'per-bar' : 'daily'} returns (information ratio), and
forecasters against the naive forecast of a zero return (Diebold-Mariano test of squared errors, one-sided p &lt; 0.05).</p>
<ul class="verdicts">${items}</ul></section>`;
}

function renderPerSymbol(results: RunResults): string {
  if (!results.perSymbol?.length) return '';
  const rows = results.perSymbol
    .flatMap((run) =>
      run.strategies.map(
        (s) =>
          `<tr><td>${escapeHtml(run.data.symbol)}</td><td>${escapeHtml(s.name)}</td><td>${formatNumber(s.metrics.totalReturnPct, 1)}</td><td>${formatNumber(s.metrics.sharpe, 2)}</td><td>${formatNumber(s.metrics.maxDrawdownPct, 1)}</td><td>${formatProbability(s.statistics?.deflatedSharpe)}</td></tr>`,
      ),
    )
    .join('\n');
  return `<section id="per-symbol"><h2>Other symbols</h2><table class="compact"><thead><tr><th>Symbol</th><th>Strategy</th><th>Return %</th><th>Sharpe</th><th>Max DD %</th><th>Deflated Sharpe</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** The whole report as one self-contained HTML page (charts inlined, no external requests). */
export function renderReport(results: RunResults, extra: { liveRecord?: { scores: readonly JournalScore[]; journalFile: string } } = {}): string {
  const colors = strategyColors(results.strategies);
  const payload = buildChartPayload(results);
  const legend = results.strategies
    .map((s, i) => `<label><input type="checkbox" data-markers="${i}"${s.isBenchmark ? '' : ' checked'}><span class="swatch" style="background:${colors[i]}"></span>${escapeHtml(s.name)}</label>`)
    .join(' ');
  const heatmaps = results.strategies.map((s) => renderMonthlyHeatmap(s.name, monthlyReturns(s.equity))).join('\n');
  const models = results.strategies.flatMap((s, i) => (s.model ? [renderModelSection(s, i)] : [])).join('\n');
  const bucketNote = payload.bucket > 1 ? `<p class="note">Charts show one point per ${payload.bucket} bars to keep this page small; tables use every bar.</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(results.name)} · walkforward report</title>
<style>${clientStyles()}</style>
</head>
<body>
${renderHeader(results)}
<main>
${renderVerdicts(results, colors)}
<section id="price"><h2>Price and trades <span class="sub">${escapeHtml(payload.symbol)}</span></h2>
<div class="controls no-print"><span>Markers:</span> ${legend}</div>
<p class="hint no-print">Scroll to zoom, drag to pan, double-click an axis to reset. ▲ buy, ▼ sell (entries and signal exits); exits by ■ SL stop-loss, ● TP take-profit, ■ TS trailing stop, ● T time.</p>
${bucketNote}
<div class="chart tall" data-chart="price"></div></section>
<section id="equity"><h2>Equity and drawdown</h2>
<div class="controls no-print"><label><input type="checkbox" id="log-scale"> Log scale</label></div>
<div class="legend" id="equity-legend"><span class="legend-date"></span>${results.strategies.map((s, i) => `<span><span class="swatch" style="background:${colors[i]}"></span>${escapeHtml(s.name)}${s.isBenchmark ? ' (benchmark)' : ''} <b data-legend="${i}"></b></span>`).join(' ')}</div>
<div class="chart tall" data-chart="equity"></div>
<figure><figcaption>Drawdown from the running peak, %</figcaption><div class="chart short" data-chart="drawdown"></div></figure></section>
<section id="metrics"><h2>Metrics</h2><p class="hint">★ marks the best value in a row. Hover a label for its definition.</p>
<div class="scroll">${renderMetricsTable(results, colors)}</div></section>
<section id="monthly"><h2>Monthly returns</h2><div class="heatmaps">${heatmaps}</div></section>
${models ? `<section id="models"><h2>Forecasting models</h2>${models}</section>` : ''}
${renderPerSymbol(results)}
${extra.liveRecord ? renderLiveRecordSection(extra.liveRecord.scores, extra.liveRecord.journalFile) : ''}
<section id="trades"><h2>Trades</h2>${renderTradesTable(results, tradeRows(results).notes, payload.trades.length)}</section>
</main>
${pageFooter('report-data', payload, clientScript())}
</body>
</html>
`;
}
