import type { Metrics } from '../metrics/types.ts';
import type { RunResults, StrategyResult } from '../run/results.ts';
import { escapeHtml, formatNumber, formatProbability } from './html.ts';

/** Which way is better for a row: the best cell in a row is marked. */
export type Better = 'higher' | 'lower' | 'none';

export interface MetricRow {
  key: string;
  label: string;
  better: Better;
  /** Short explanation shown as a tooltip. */
  help?: string;
  /** Numeric value for ranking (NaN when missing). */
  value(strategy: StrategyResult): number;
  /** Cell HTML. */
  cell(strategy: StrategyResult): string;
}

interface MetricSpec {
  label: string;
  better: Better;
  decimals: number;
  help?: string;
}

// Labels and directions of the Metrics fields, in display order (backtesting.py's names).
const METRIC_SPECS: Record<keyof Metrics, MetricSpec> = {
  start: { label: 'Start', better: 'none', decimals: 0 },
  end: { label: 'End', better: 'none', decimals: 0 },
  durationDays: { label: 'Duration (days)', better: 'none', decimals: 0 },
  exposurePct: { label: 'Exposure time %', better: 'none', decimals: 1 },
  finalEquity: { label: 'Equity final', better: 'higher', decimals: 0 },
  peakEquity: { label: 'Equity peak', better: 'higher', decimals: 0 },
  totalReturnPct: { label: 'Return %', better: 'higher', decimals: 1 },
  buyHoldReturnPct: { label: 'Buy & hold return %', better: 'none', decimals: 1 },
  annualReturnPct: { label: 'Return (ann.) %', better: 'higher', decimals: 1 },
  cagrPct: { label: 'CAGR %', better: 'higher', decimals: 1 },
  volatilityPct: { label: 'Volatility (ann.) %', better: 'lower', decimals: 1 },
  sharpe: { label: 'Sharpe ratio', better: 'higher', decimals: 2, help: '(Return (ann.) − rf) / Volatility (ann.), as backtesting.py' },
  sortino: { label: 'Sortino ratio', better: 'higher', decimals: 2 },
  calmar: { label: 'Calmar ratio', better: 'higher', decimals: 2 },
  maxDrawdownPct: { label: 'Max drawdown %', better: 'higher', decimals: 1 },
  avgDrawdownPct: { label: 'Avg drawdown %', better: 'higher', decimals: 1 },
  maxDrawdownDurationBars: { label: 'Max drawdown duration (bars)', better: 'lower', decimals: 0 },
  avgDrawdownDurationBars: { label: 'Avg drawdown duration (bars)', better: 'lower', decimals: 0 },
  trades: { label: '# Trades (closed)', better: 'none', decimals: 0 },
  winRatePct: { label: 'Win rate %', better: 'higher', decimals: 1 },
  bestTradePct: { label: 'Best trade %', better: 'higher', decimals: 1 },
  worstTradePct: { label: 'Worst trade %', better: 'higher', decimals: 1 },
  avgTradePct: { label: 'Avg trade %', better: 'higher', decimals: 2 },
  maxTradeDurationBars: { label: 'Max trade duration (bars)', better: 'none', decimals: 0 },
  avgTradeDurationBars: { label: 'Avg trade duration (bars)', better: 'none', decimals: 0 },
  profitFactor: { label: 'Profit factor', better: 'higher', decimals: 2 },
  expectancyPct: { label: 'Expectancy %', better: 'higher', decimals: 2 },
  sqn: { label: 'SQN', better: 'higher', decimals: 2, help: 'System Quality Number (Van Tharp)' },
  commissionsPaid: { label: 'Commissions paid', better: 'none', decimals: 0 },
};

const statsOf = (strategy: StrategyResult) => strategy.statistics;
const numberOr = (value: unknown) => (typeof value === 'number' ? value : NaN);

function metricRow(key: keyof Metrics): MetricRow {
  const spec = METRIC_SPECS[key];
  return {
    key,
    label: spec.label,
    better: spec.better,
    help: spec.help,
    value: (s) => numberOr(s.metrics[key]),
    cell: (s) => {
      // results.json stores NaN as null; both print as n/a.
      const value: unknown = s.metrics[key];
      return typeof value === 'number' || value === null ? formatNumber(value, spec.decimals) : escapeHtml(String(value));
    },
  };
}

/** Rows of the honest-statistics block (present when computeStatistics ran). */
function statisticsRows(results: RunResults): MetricRow[] {
  if (!results.strategies.some((s) => statsOf(s))) return [];
  const trials = statsOf(results.strategies.find((s) => statsOf(s))!)?.trials ?? results.strategies.length;
  const rows: MetricRow[] = [
    {
      key: 'sharpeInterval',
      label: 'Sharpe ratio, 95% interval',
      better: 'none',
      help: 'Of the Sharpe ratio above: stationary block bootstrap (Politis & Romano 1994), 2000 resamples, seeded',
      value: (s) => numberOr(statsOf(s)?.sharpeInterval.lower),
      cell: (s) => {
        const stats = statsOf(s);
        if (!stats || !Number.isFinite(stats.sharpeInterval.lower)) return 'n/a';
        const ci = stats.sharpeInterval;
        return `[${formatNumber(ci.lower, 2)}, ${formatNumber(ci.upper, 2)}]`;
      },
    },
    {
      key: 'probabilisticSharpe',
      label: 'Probabilistic Sharpe P(SR > 0)',
      better: 'higher',
      help: 'Bailey & López de Prado (2012); accounts for sample length, skewness and kurtosis',
      value: (s) => numberOr(statsOf(s)?.probabilisticSharpe),
      cell: (s) => formatProbability(statsOf(s)?.probabilisticSharpe),
    },
    {
      key: 'deflatedSharpe',
      label: `Deflated Sharpe (${trials} trials)`,
      better: 'higher',
      help: 'Bailey & López de Prado (2014): probability the Sharpe ratio beats the best of N lucky trials; 0.95 needed',
      value: (s) => numberOr(statsOf(s)?.deflatedSharpe),
      cell: (s) => formatProbability(statsOf(s)?.deflatedSharpe),
    },
    {
      key: 'edgeSignificant',
      label: 'Edge significant?',
      better: 'none',
      help: 'Deflated Sharpe ≥ 0.95 and the bootstrap interval above zero',
      value: () => NaN,
      cell: (s) => {
        const stats = statsOf(s);
        if (!stats || !Number.isFinite(stats.sharpePerPeriod)) return 'n/a';
        return stats.edgeSignificant ? '<span class="yes">yes</span>' : '<span class="no">no</span>';
      },
    },
  ];
  const versus = results.strategies.map((s) => statsOf(s)?.versusBenchmark).find((v) => v);
  if (versus) {
    rows.push(
      {
        key: 'informationRatio',
        label: `Information ratio vs ${versus.benchmark} [95% CI]`,
        better: 'higher',
        help: 'Annualized mean / sd of period returns minus the benchmark’s; stationary block bootstrap interval',
        value: (s) => numberOr(statsOf(s)?.versusBenchmark?.informationRatioAnnualized),
        cell: (s) => {
          const v = statsOf(s)?.versusBenchmark;
          return v
            ? `${formatNumber(v.informationRatioAnnualized, 2)} <span class="ci">[${formatNumber(v.interval.lower, 2)}, ${formatNumber(v.interval.upper, 2)}]</span>`
            : '—';
        },
      },
      {
        key: 'probabilityBeatsBenchmark',
        label: `P(beats ${versus.benchmark})`,
        better: 'higher',
        help: 'Probabilistic Sharpe ratio of the active returns: probability the true information ratio is above zero',
        value: (s) => numberOr(statsOf(s)?.versusBenchmark?.probabilityBetter),
        cell: (s) => {
          const v = statsOf(s)?.versusBenchmark;
          return v ? formatProbability(v.probabilityBetter) : '—';
        },
      },
    );
  }
  if (results.strategies.some((s) => statsOf(s)?.forecastVsNaive)) {
    rows.push(
      {
        key: 'forecastMseVsNaive',
        label: 'Forecast MSE / naive MSE',
        better: 'lower',
        value: (s) => {
          const dm = statsOf(s)?.forecastVsNaive;
          return dm ? dm.mseModel / dm.mseNaive : NaN;
        },
        cell: (s) => {
          const dm = statsOf(s)?.forecastVsNaive;
          return dm ? formatNumber(dm.mseModel / dm.mseNaive, 3) : '—';
        },
      },
      {
        key: 'dieboldMariano',
        label: 'Diebold-Mariano p (beats naive)',
        better: 'lower',
        help: 'One-sided p-value, squared errors vs the zero-return forecast, Harvey-Leybourne-Newbold corrected',
        value: (s) => numberOr(statsOf(s)?.forecastVsNaive?.pValueAMoreAccurate),
        cell: (s) => {
          const dm = statsOf(s)?.forecastVsNaive;
          return dm ? formatProbability(dm.pValueAMoreAccurate) : '—';
        },
      },
    );
  }
  return rows;
}

/** Every row of the metrics table, in order: the Metrics fields, then the statistics. */
export function metricRows(results: RunResults): MetricRow[] {
  const keys = Object.keys(METRIC_SPECS) as Array<keyof Metrics>;
  return [...keys.map(metricRow), ...statisticsRows(results)];
}

/** Indexes of the best strategies in a row (ties all marked); none when the row has no direction. */
export function bestIndexes(row: MetricRow, strategies: StrategyResult[]): number[] {
  if (row.better === 'none') return [];
  // A strategy that never held a position has no risk to speak of; it wins no row.
  const values = strategies.map((s) => (s.metrics.exposurePct === 0 ? NaN : row.value(s)));
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return [];
  const best = row.better === 'higher' ? Math.max(...finite) : Math.min(...finite);
  if (finite.every((v) => v === best)) return [];
  return values.flatMap((v, i) => (v === best ? [i] : []));
}

export function renderMetricsTable(results: RunResults, colors: string[]): string {
  const strategies = results.strategies;
  const head = strategies
    .map((s, i) => `<th scope="col"><span class="swatch" style="background:${colors[i]}"></span>${escapeHtml(s.name)}${s.isBenchmark ? ' <span class="tag">benchmark</span>' : ''}</th>`)
    .join('');
  const body = metricRows(results)
    .map((row) => {
      const best = new Set(bestIndexes(row, strategies));
      const cells = strategies.map((s, i) => `<td${best.has(i) ? ' class="best" title="best in row"' : ''}>${row.cell(s)}</td>`).join('');
      const title = row.help ? ` title="${escapeHtml(row.help)}"` : '';
      return `<tr data-metric="${escapeHtml(row.key)}"><th scope="row"${title}>${escapeHtml(row.label)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<table class="metrics" id="metrics-table"><thead><tr><th scope="col">Metric</th>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
