import type { StrategyStatistics } from '../metrics/statistics.ts';
import type { StrategyResult } from '../run/results.ts';
import { escapeHtml, formatProbability } from './html.ts';

type Scalar = string | number | boolean | null;

/** Flatten a fold record one level deep (`train.start`), keeping only displayable scalars. */
export function flattenFold(fold: Record<string, unknown>): Record<string, Scalar> {
  const flat: Record<string, Scalar> = {};
  for (const [key, value] of Object.entries(fold)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      flat[key] = value as Scalar;
    } else if (Array.isArray(value)) {
      // A history such as per-epoch losses: its last value is what a table can show.
      const last = value.at(-1);
      if (typeof last === 'number') flat[`${key} (last of ${value.length})`] = last;
    } else if (typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) {
        if (innerValue === null || ['string', 'number', 'boolean'].includes(typeof innerValue)) flat[`${key}.${inner}`] = innerValue as Scalar;
      }
    }
  }
  return flat;
}

/** camelCase / dotted key -> "Camel case" header. */
export function humanizeKey(key: string): string {
  const spaced = key
    .replace(/\./g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/\brmse\b/gi, 'RMSE')
    .replace(/\bmse\b/gi, 'MSE')
    .replace(/\bmae\b/gi, 'MAE');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function formatScalar(value: Scalar): string {
  if (value === null) return 'n/a';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'n/a';
    if (Number.isInteger(value)) return String(value);
    return Math.abs(value) >= 1000 ? value.toFixed(0) : Number(value.toPrecision(4)).toString();
  }
  return escapeHtml(String(value));
}

// Fold fields a reader wants first (train/test dates, epochs, losses, accuracy), with their labels.
const PREFERRED_FOLD_COLUMNS: Array<[string, string]> = [
  ['fold', 'Fold'],
  ['index', 'Fold'],
  ['trainStartDate', 'Train start'],
  ['trainEndDate', 'Train end'],
  ['testStartDate', 'Test start'],
  ['testEndDate', 'Test end'],
  ['epochs', 'Epochs'],
  ['epochsRun', 'Epochs'],
  ['bestEpoch', 'Best epoch'],
  ['finalLoss', 'Final loss'],
  ['bestValidationLoss', 'Best val. loss'],
  ['rmse', 'RMSE'],
  ['naiveRmse', 'Naive RMSE'],
  ['rmseVsNaive', 'RMSE / naive'],
  ['rmseRatioVsNaive', 'RMSE / naive'],
  ['directionalAccuracy', 'Dir. accuracy'],
  ['trainSeconds', 'Train s'],
];

/**
 * Table with one row per walk-forward fold. Known fields come first with plain labels and the
 * rest (seeds, bar indexes) stay in results.json; folds with none of the known fields show all.
 */
export function renderFoldTable(folds: Array<Record<string, unknown>>): string {
  if (folds.length === 0) return '<p class="note">No folds reported.</p>';
  const flat = folds.map(flattenFold);
  const present = new Set(flat.flatMap((record) => Object.keys(record)));
  let columns: Array<[string, string]> = PREFERRED_FOLD_COLUMNS.filter(([key]) => present.has(key));
  // Fewer than the dates plus one figure: not a fold shape we know, so show everything.
  if (columns.length < 3) columns = [...present].map((key) => [key, humanizeKey(key)]);
  const keys = columns.map(([key]) => key);
  const head = columns.map(([, label]) => `<th scope="col">${escapeHtml(label)}</th>`).join('');
  // `index` counts from 0 in results.json; people count folds from 1.
  const shown = (key: string, value: Scalar) => (key === 'index' && typeof value === 'number' && columns[0][1] === 'Fold' ? value + 1 : value);
  const rows = flat.map((record) => `<tr>${keys.map((k) => `<td>${k in record ? formatScalar(shown(k, record[k])) : ''}</td>`).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table class="folds"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function forecastSummary(strategy: StrategyResult): string {
  const parts: string[] = [];
  const metrics = strategy.model?.forecastMetrics ?? {};
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value === 'number' || typeof value === 'string') parts.push(`${escapeHtml(humanizeKey(key))} ${formatScalar(value)}`);
  }
  const dm = (strategy.statistics as StrategyStatistics | undefined)?.forecastVsNaive;
  if (dm) {
    parts.push(`Diebold-Mariano vs naive: HLN statistic ${dm.correctedStatistic.toFixed(2)}, p (model better) ${formatProbability(dm.pValueAMoreAccurate)}, n = ${dm.observations}`);
  }
  return parts.length ? `<p class="summary">${parts.join(' · ')}</p>` : '';
}

/** The section of one forecasting strategy: summary, per-fold table, predicted vs realized charts. */
export function renderModelSection(strategy: StrategyResult, index: number): string {
  const model = strategy.model!;
  return `<section class="model" id="model-${index}">
<h3>${escapeHtml(strategy.name)} <span class="tag">engine ${escapeHtml(String(model.engine))}</span></h3>
${forecastSummary(strategy)}
${renderFoldTable(model.folds ?? [])}
<div class="pair">
<figure><figcaption>Predicted vs realized return, out of sample, by date</figcaption><div class="chart" data-chart="forecast" data-strategy="${index}"></div></figure>
<figure><figcaption>Realized (vertical) against predicted (horizontal)</figcaption><div class="chart scatter" data-chart="scatter" data-strategy="${index}"></div></figure>
</div>
</section>`;
}
