import type { StrategyResult } from '../run/results.ts';
import type { ForecastMetrics } from '../walkforward/forecast-metrics.ts';
import type { FoldRecord } from '../walkforward/report-types.ts';
import { escapeHtml, formatNumber, formatProbability } from './html.ts';

/** A figure for a fold or forecast cell: 4 significant digits, n/a when missing. */
function figure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(0) : Number(value.toPrecision(4)).toString();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The fold table's columns: fields of FoldRecord (src/walkforward/report-types.ts), in reading order. */
const FOLD_COLUMNS: Array<{ label: string; cell(fold: FoldRecord): string }> = [
  // `index` counts from 0 in results.json; people count folds from 1.
  { label: 'Fold', cell: (f) => String(f.index + 1) },
  { label: 'Train start', cell: (f) => escapeHtml(f.trainStartDate) },
  { label: 'Train end', cell: (f) => escapeHtml(f.trainEndDate) },
  { label: 'Test start', cell: (f) => escapeHtml(f.testStartDate) },
  { label: 'Test end', cell: (f) => escapeHtml(f.testEndDate) },
  { label: 'Train samples', cell: (f) => figure(f.trainSamples) },
  { label: 'Epochs', cell: (f) => figure(f.epochsRun) },
  { label: 'Best epoch', cell: (f) => figure(f.bestEpoch) },
  { label: 'Final loss', cell: (f) => figure(f.finalLoss) },
  { label: 'Best val. loss', cell: (f) => figure(f.bestValidationLoss) },
  { label: 'RMSE', cell: (f) => figure(f.rmse) },
  { label: 'Naive RMSE', cell: (f) => figure(f.naiveRmse) },
  { label: 'RMSE / naive', cell: (f) => figure(f.rmseRatioVsNaive) },
  { label: 'Dir. accuracy', cell: (f) => figure(f.directionalAccuracy) },
  { label: 'Train s', cell: (f) => figure(f.trainSeconds) },
];

/** One row per walk-forward fold; seeds and bar indexes stay in results.json. */
export function renderFoldTable(folds: readonly FoldRecord[]): string {
  if (folds.length === 0) return '<p class="note">No folds reported.</p>';
  const head = FOLD_COLUMNS.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const rows = folds.map((fold) => `<tr>${FOLD_COLUMNS.map((c) => `<td>${c.cell(fold)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table class="folds"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

/** Forecast accuracy over the strategy's window, with labels. */
const FORECAST_FIGURES: Array<[keyof ForecastMetrics, string]> = [
  ['count', 'Forecasts'],
  ['rmse', 'RMSE'],
  ['naiveRmse', 'naive RMSE'],
  ['rmseRatioVsNaive', 'RMSE / naive'],
  ['mae', 'MAE'],
  ['directionalAccuracy', 'directional accuracy'],
];

function forecastSummary(strategy: StrategyResult): string {
  const metrics = strategy.model!.forecastMetrics;
  const parts = FORECAST_FIGURES.map(([key, label]) => `${escapeHtml(label)} ${figure(metrics[key])}`);
  parts.push(`window ${escapeHtml(strategy.window.start)} → ${escapeHtml(strategy.window.end)}`);
  const spread = strategy.model!.memberSpread?.slice(strategy.window.startBar, strategy.window.endBar + 1).filter(Number.isFinite) ?? [];
  if (spread.length > 0) parts.push(`members' spread (median sd of their forecasts) ${figure(median(spread))}`);
  const dm = strategy.statistics?.forecastVsNaive;
  if (dm) {
    parts.push(`Diebold-Mariano vs naive: HLN statistic ${formatNumber(dm.correctedStatistic, 2)}, p (model better) ${formatProbability(dm.pValueAMoreAccurate)}, n = ${dm.observations}`);
  }
  return `<p class="summary">${parts.join(' · ')}</p>`;
}

/** Models with attention: a heat map of each fold's mean attention over the window's bars. */
function attentionFigure(strategy: StrategyResult, index: number): string {
  const folds = strategy.model!.folds.filter((fold) => fold.attention);
  if (folds.length === 0) return '';
  const lookback = strategy.model!.lookback;
  return `<figure><figcaption>Attention over the ${lookback}-bar window, per fold (mean over the fold's test windows; rows sum to 1; darker = more weight than the uniform 1/${lookback}). Left: the oldest bar; right: the bar the forecast is made at.</figcaption><div class="chart attention" data-chart="attention" data-strategy="${index}"></div></figure>`;
}

/** The section of one forecasting strategy: summary, per-fold table, predicted vs realized charts. */
export function renderModelSection(strategy: StrategyResult, index: number): string {
  const model = strategy.model!;
  return `<section class="model" id="model-${index}">
<h3>${escapeHtml(strategy.name)} <span class="tag">engine ${escapeHtml(model.engine)}</span> <span class="tag">${escapeHtml(model.modelType)}</span></h3>
${forecastSummary(strategy)}
${renderFoldTable(model.folds)}
<div class="pair">
<figure><figcaption>Predicted vs realized return, out of sample, inside the evaluation window</figcaption><div class="chart" data-chart="forecast" data-strategy="${index}"></div></figure>
<figure><figcaption>Realized (vertical) against predicted (horizontal)</figcaption><div class="chart scatter" data-chart="scatter" data-strategy="${index}"></div></figure>
</div>
${attentionFigure(strategy, index)}
</section>`;
}
