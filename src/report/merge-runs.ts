import type { RunResults, StrategyResult } from '../run/results.ts';

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
    a.equity.length === b.equity.length &&
    a.equity[0]?.date === b.equity[0]?.date &&
    a.equity.at(-1)?.equity === b.equity.at(-1)?.equity
  );
}

function describeConventions(run: RunResults): string {
  const c = run.conventions;
  return `commission ${c.commission}, slippage ${c.slippage}, sizing ${c.sizing}, rf ${c.riskFreeRate}`;
}

/**
 * Several runs as one RunResults with all strategies side by side. The first run supplies the
 * bars (price chart) and conventions; an identical strategy appearing in several runs (the usual
 * benchmark) is kept once; clashing names get the run's name in front. Statistics are left for
 * the caller to recompute over the merged set (more strategies = more trials).
 */
export function mergeRuns(runs: readonly LabelledRun[], options: { name: string; now?: () => number }): RunResults {
  if (runs.length === 0) throw new Error('mergeRuns: no runs');
  const first = runs[0].results;
  const kept: Array<{ strategy: StrategyResult; run: RunResults }> = [];
  for (const { results } of runs) {
    for (const strategy of results.strategies) {
      if (kept.some((k) => sameStrategy(k.strategy, strategy))) continue;
      kept.push({ strategy, run: results });
    }
  }
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
  const conventionTexts = [...new Set(runs.map((r) => describeConventions(r.results)))];
  const notes = [
    `Comparison of ${runs.length} run${runs.length === 1 ? '' : 's'}: ${runs.map((r) => `${r.results.name} (${r.source})`).join(', ')}.`,
    ...(conventionTexts.length > 1 ? [`The runs use different costs or conventions: ${conventionTexts.join(' | ')}; the header shows the first run's.`] : []),
  ];
  const engines = [...new Set(runs.map((r) => r.results.engine).filter((e) => e !== 'none'))];
  const now = options.now ?? Date.now;
  return {
    version: 1,
    name: options.name,
    description: notes.join(' '),
    configPath: runs.map((r) => r.source).join(', '),
    seed: first.seed,
    engine: engines.length ? engines.join(', ') : 'none',
    createdAt: new Date(now()).toISOString(),
    runTimeMs: runs.reduce((sum, r) => sum + r.results.runTimeMs, 0),
    data: first.data,
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
    runs: runs.map((r) => ({ source: r.source, name: r.results.name, symbol: r.results.data.symbol, start: r.results.data.start, end: r.results.data.end, seed: r.results.seed, engine: r.results.engine })),
    conventions: merged.conventions,
    strategies: merged.strategies.map((s) => ({
      name: s.name,
      type: s.type,
      symbol: s.symbol,
      mode: s.mode,
      isBenchmark: s.isBenchmark,
      metrics: s.metrics,
      statistics: s.statistics ?? null,
    })),
  };
}
