import { firstBarOnOrAfter, lastBarOnOrBefore, windowOf } from './evaluation-window.ts';
import { measureOverWindow } from './measure.ts';
import { RESULTS_VERSION, type Conventions, type RunResults, type StrategyResult } from './results.ts';

export interface LabelledRun {
  /** Where the run came from (a results.json or config path), for the header. */
  source: string;
  results: RunResults;
}

/** Same strategy on the same bars (e.g. the buy-and-hold benchmark every run adds). */
function sameStrategy(a: StrategyResult, b: StrategyResult): boolean {
  return (
    a.name === b.name &&
    a.type === b.type &&
    a.symbol === b.symbol &&
    a.mode === b.mode &&
    JSON.stringify(a.params) === JSON.stringify(b.params) &&
    JSON.stringify(a.exits) === JSON.stringify(b.exits) &&
    a.window.start === b.window.start &&
    a.window.end === b.window.end &&
    a.equity.at(-1)?.equity === b.equity.at(-1)?.equity
  );
}

function describeConventions(c: Conventions): string {
  const sizing = c.sizing === 'fraction' ? `fraction ${c.sizingFraction}` : 'all-in';
  return `commission ${c.commissionRate}, slippage ${c.slippageRate}, sizing ${sizing}, rf ${c.riskFreeRate}, ${c.periodsPerYear} periods a year`;
}

/** results.json stores NaN as null; a target of null means "no decision", as NaN does. */
function targetsOf(strategy: StrategyResult): Float64Array {
  return Float64Array.from(strategy.targetPositions, (value) => (typeof value === 'number' ? value : NaN));
}

/**
 * Several runs as one RunResults with all strategies side by side, measured like with like: when
 * their windows differ, every strategy is re-run through its own run's broker settings over the
 * dates all of them cover (the latest start to the earliest end), from the decisions stored in its
 * results. The first run supplies the bars (price chart) and the header's conventions; an identical
 * strategy appearing in several runs (the usual benchmark) is kept once; clashing names get the
 * run's name in front. Statistics are left for the caller to recompute over the merged set.
 */
export function mergeRuns(runs: readonly LabelledRun[], options: { name: string; now?: () => number }): RunResults {
  if (runs.length === 0) throw new Error('mergeRuns: no runs');
  const first = runs[0].results;
  const all = runs.flatMap(({ results }) => results.strategies.map((strategy) => ({ strategy, run: results })));
  const commonStart = all.map((k) => k.strategy.window.start).reduce((a, b) => (a > b ? a : b));
  const commonEnd = all.map((k) => k.strategy.window.end).reduce((a, b) => (a < b ? a : b));
  const differs = all.some((k) => k.strategy.window.start !== commonStart || k.strategy.window.end !== commonEnd);
  const overlap = commonStart < commonEnd;
  const notes: string[] = [
    `Comparison of ${runs.length} run${runs.length === 1 ? '' : 's'}: ${runs.map((r) => `${r.results.name} (${r.source})`).join(', ')}.`,
  ];
  if (differs && overlap) notes.push(`The runs' windows differ; every strategy is measured over the dates all of them cover, ${commonStart} to ${commonEnd}.`);
  if (differs && !overlap) notes.push('The runs cover periods that do not overlap, so each strategy keeps its own window: their figures are not comparable.');
  const measured = all.map(({ strategy, run }) => {
    if (!differs || !overlap) return { strategy, run };
    const window = windowOf(run.bars, firstBarOnOrAfter(run.bars, commonStart), lastBarOnOrBefore(run.bars, commonEnd));
    if (window.startBar === strategy.window.startBar && window.endBar === strategy.window.endBar) return { strategy, run };
    const remeasured = { ...strategy, ...measureOverWindow(run.bars, targetsOf(strategy), strategy.model, run.conventions, strategy.mode, window, strategy.exits) };
    return { strategy: remeasured, run };
  });
  // After measuring over one window, the benchmark every run adds is the same strategy: keep it once.
  const kept: Array<{ strategy: StrategyResult; run: RunResults }> = [];
  for (const entry of measured) if (!kept.some((k) => sameStrategy(k.strategy, entry.strategy))) kept.push(entry);

  const nameCount = new Map<string, number>();
  for (const { strategy } of kept) nameCount.set(strategy.name, (nameCount.get(strategy.name) ?? 0) + 1);
  const strategies = kept.map(({ strategy, run }) => ({
    ...strategy,
    name: nameCount.get(strategy.name)! > 1 ? `${run.name}/${strategy.name}` : strategy.name,
    statistics: undefined,
  }));
  // Names can still clash when two runs share a name; number them.
  const seen = new Map<string, number>();
  for (const strategy of strategies) {
    const count = (seen.get(strategy.name) ?? 0) + 1;
    seen.set(strategy.name, count);
    if (count > 1) strategy.name = `${strategy.name} #${count}`;
  }
  const conventionTexts = [...new Set(runs.map((r) => describeConventions(r.results.conventions)))];
  if (conventionTexts.length > 1) notes.push(`The runs use different costs or conventions: ${conventionTexts.join(' | ')}; the header shows the first run's.`);
  const engines = [...new Set(runs.map((r) => r.results.engine).filter((e) => e !== 'none'))];
  const now = options.now ?? Date.now;
  const windowStart = overlap ? firstBarOnOrAfter(first.bars, commonStart) : 0;
  const windowEnd = overlap ? lastBarOnOrBefore(first.bars, commonEnd) : first.bars.length - 1;
  return {
    version: RESULTS_VERSION,
    name: options.name,
    description: notes.join(' '),
    configPath: runs.map((r) => r.source).join(', '),
    seed: first.seed,
    engine: engines.length ? engines.join(', ') : 'none',
    createdAt: new Date(now()).toISOString(),
    runTimeMs: runs.reduce((sum, r) => sum + r.results.runTimeMs, 0),
    data: first.data,
    evaluation: {
      startBar: windowStart,
      endBar: windowEnd,
      start: first.bars[windowStart].date,
      end: first.bars[windowEnd].date,
      mode: 'common',
      rule: differs && overlap ? 'the dates every compared run covers' : first.evaluation.rule,
      windowsDiffer: differs && !overlap,
    },
    bars: first.bars,
    conventions: first.conventions,
    warnings: runs.flatMap((r) => r.results.warnings ?? []),
    benchmark: strategies.find((s) => s.isBenchmark)?.name ?? null,
    strategies,
  };
}

/** The compact machine-readable comparison `walkforward compare --json` prints. */
export function comparisonSummary(merged: RunResults, runs: readonly LabelledRun[]) {
  return {
    name: merged.name,
    createdAt: merged.createdAt,
    evaluation: merged.evaluation,
    runs: runs.map((r) => ({ source: r.source, name: r.results.name, symbol: r.results.data.symbol, start: r.results.data.start, end: r.results.data.end, seed: r.results.seed, engine: r.results.engine })),
    conventions: merged.conventions,
    strategies: merged.strategies.map((s) => ({
      name: s.name,
      type: s.type,
      symbol: s.symbol,
      mode: s.mode,
      isBenchmark: s.isBenchmark,
      window: s.window,
      metrics: s.metrics,
      statistics: s.statistics ?? null,
    })),
  };
}
