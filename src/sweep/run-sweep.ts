import type { LoadedConfig, ResolvedStrategy } from '../config/load-config.ts';
import type { StrategyEntry } from '../config/schema.ts';
import { UserError } from '../core/errors.ts';
import { packageVersion } from '../core/package-version.ts';
import type { ProgressSink } from '../core/progress.ts';
import type { InputWarning } from '../core/warnings.ts';
import type { StrategyDefinition } from '../strategy/types.ts';
import type { BarSeries } from '../data/bar.ts';
import { checkSeries } from '../run/check-series.ts';
import { firstDecisionBar } from '../run/evaluation-window.ts';
import { exitsAverageTrueRange } from '../run/measure.ts';
import { conventionsOf, frequencyOf } from '../run/run-backtest.ts';
import { analyzeSweep } from './analyze-sweep.ts';
import { encodeBars } from './bars-payload.ts';
import { measureTrial, type MeasuredTrial } from './measure-trial.ts';
import { planIdOf } from './plan-id.ts';
import type { ReferenceStrategy, SweepDefinition, TrialSpec } from './plan-sweep.ts';
import { appendRecord, openSweepFolder, sweepFolder, type ReferenceRecord, type SweepFolder, type SweepManifest, type TrialRecord } from './sweep-store.ts';
import { SWEEP_RESULTS_VERSION, type SweepResults } from './sweep-results.ts';
import { planSweepWindow } from './sweep-window.ts';
import type { TrialExecutor } from './trial-executor.ts';
import { decideTrial, TRIAL_JOB_FORMAT, type TrialDecision, type TrialJob } from './trial-job.ts';
import { stepEvents } from './trial-task.ts';

export interface SweepRunOptions {
  /** The sweep folder is `<outDir>/<config name>`. */
  outDir: string;
  /** Continue the sweep recorded in the folder instead of refusing to touch it. */
  resume: boolean;
  executor: TrialExecutor;
  progress: ProgressSink;
  /** Stage messages (stderr in the CLI). */
  log: (message: string) => void;
  /** Clock for createdAt / runTimeMs (tests). */
  now?: () => number;
}

export interface SweepRun {
  results: SweepResults;
  folder: SweepFolder;
  /** Trials run now (the rest came from the folder's records). */
  ranTrials: number;
}

/** A trial as checkSeries sees it: its entry, named after the trial so a message says which. */
function resolveTrial(spec: TrialSpec, label: string, definition: StrategyDefinition): ResolvedStrategy {
  return { entry: { ...spec.entry, name: `${spec.entry.name} ${label}` }, definition, params: definition.params.parse(spec.entry.params) };
}

/** Warnings once each (every trial of a too-short series warns alike). */
const dedupe = (warnings: readonly InputWarning[]) => [...new Map(warnings.map((w) => [w.message, w])).values()];

const show = (values: Record<string, unknown>) =>
  Object.entries(values)
    .map(([path, value]) => `${path.split('.').pop()}=${JSON.stringify(value)}`)
    .join(' ');

/**
 * A sweep, end to end after loading: plan the common window, open (or resume) the sweep folder,
 * run the references and every trial not yet recorded (recording each as it finishes), then
 * analyze all of them. Writing sweep.json and the report is the caller's.
 */
export async function runSweep(loaded: LoadedConfig, definition: SweepDefinition, series: BarSeries, options: SweepRunOptions): Promise<SweepRun> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const { config } = loaded;
  const { bars } = series;
  // Every check a backtest makes before training (evaluation bounds, warm-ups, walk-forward folds
  // that do not fit), for every trial and reference, before any of them runs.
  const swept = loaded.strategies.find((s) => s.entry.name === definition.strategy.name);
  if (!swept) throw new Error(`sweep: strategy ${definition.strategy.name} is not in the loaded config`);
  const trialLabel = (t: TrialSpec) => `trial ${t.index} (${show(t.values)})`;
  const check = checkSeries(
    [...definition.trials.map((t) => resolveTrial(t, trialLabel(t), swept.definition)), ...definition.references],
    series,
    { config: config.evaluation, source: loaded.path },
  );
  if (check.errors.length > 0) throw new UserError([...new Set(check.errors)].join('\n'));
  // ATR-priced exits cannot act before the ATR exists: that warm-up counts too.
  const exitsWarmup = (exits: StrategyEntry['exits']) => {
    const atr = exitsAverageTrueRange(bars, exits ?? null);
    return atr ? Math.max(0, firstDecisionBar(atr)) : 0;
  };
  const planned = planSweepWindow(
    config.evaluation,
    bars,
    [
      ...definition.trials.map((t) => ({ label: trialLabel(t), warmupBars: Math.max(t.warmupBars, exitsWarmup(t.entry.exits)) })),
      ...definition.references.map((r) => ({ label: r.entry.name, warmupBars: Math.max(r.warmupBars, exitsWarmup(r.entry.exits)) })),
    ],
    loaded.path,
  );
  const { window } = planned;
  const barsPayload = encodeBars(bars);
  const planId = planIdOf(config, definition, barsPayload.hash, window);
  const folder = sweepFolder(options.outDir, config.name);
  const manifest: SweepManifest = {
    kind: 'walkforward-sweep-plan',
    format: 1,
    planId,
    name: config.name,
    configPath: loaded.path,
    createdAt: new Date(startedAt).toISOString(),
    barsHash: barsPayload.hash,
    window,
    trials: definition.trials.map((t) => ({ trial: t.index, values: t.values, seed: t.seed })),
    references: definition.references.map((r) => r.entry.name),
  };
  const opened = openSweepFolder(folder, manifest, { resume: options.resume });
  const warnings: InputWarning[] = [...(series.warnings ?? []), ...dedupe(check.warnings), ...planned.warnings, ...opened.warnings];
  for (const warning of opened.warnings) options.log(`warning: ${warning.message}`);

  const trialDecisions = new Map<number, TrialDecision>();
  const trialMeasures = new Map<number, MeasuredTrial>();
  const referenceDecisions = new Map<string, TrialDecision>();
  for (const record of opened.records) {
    if (record.kind === 'trial') trialDecisions.set(record.trial, record.decision);
    else referenceDecisions.set(record.name, record.decision);
  }
  if (options.resume && opened.records.length > 0) options.log(`${config.name}: resuming: ${trialDecisions.size} of ${definition.trials.length} trials already recorded`);

  const conventions = conventionsOf(loaded, frequencyOf(series));
  const jobOf = (spec: TrialSpec | ReferenceStrategy, trial: number, seed: number): TrialJob => ({
    format: TRIAL_JOB_FORMAT,
    version: packageVersion(),
    planId,
    sweepName: config.name,
    trial,
    configPath: loaded.path,
    config: { ...config, seed, strategies: [spec.entry], benchmark: undefined, sweep: undefined, saveModels: false },
    series: { symbol: series.symbol, source: series.source, barsHash: barsPayload.hash, barCount: bars.length },
  });

  // References (buy-and-hold, the config's other strategies): once, here, with the run's seed.
  for (const reference of definition.references) {
    if (referenceDecisions.has(reference.entry.name)) continue;
    const decision = await decideTrial(jobOf(reference, -1, config.seed), series, stepEvents(() => {}));
    const record: ReferenceRecord = { kind: 'reference', planId, name: reference.entry.name, decision };
    appendRecord(folder.recordsFile, record);
    referenceDecisions.set(reference.entry.name, decision);
  }

  const pending = definition.trials.filter((t) => !trialDecisions.has(t.index));
  const { objective } = definition;
  let bestText = '';
  let bestScore = -Infinity;
  if (pending.length > 0) options.log(`${config.name}: ${pending.length} trial${pending.length === 1 ? '' : 's'} to run (${options.executor.describe(pending.length)})`);
  const task = options.progress.start(`sweep ${config.name}`, definition.trials.length);
  const noteBest = (spec: TrialSpec, value: number) => {
    const signed = objective.direction === 'maximize' ? value : -value;
    if (Number.isFinite(value) && signed > bestScore) {
      bestScore = signed;
      bestText = `${value.toPrecision(4)} (trial ${spec.index})`;
    }
  };
  const measureOf = (spec: TrialSpec, decision: TrialDecision) => {
    const measured = measureTrial(bars, decision, conventions, spec.entry, window);
    trialMeasures.set(spec.index, measured);
    return measured;
  };
  for (const [trial, decision] of trialDecisions) {
    const spec = definition.trials[trial];
    if (spec) noteBest(spec, measureOf(spec, decision).metrics[objective.key]);
  }
  const update = (activity?: string) =>
    task.update(trialDecisions.size, { [`best ${objective.key}`]: bestText || 'n/a', ...(activity ? { now: activity } : {}) });
  update();
  try {
    await options.executor.run(
      pending.map((spec) => jobOf(spec, spec.index, spec.seed)),
      series,
      barsPayload,
      {
        onDecision(job, decision) {
          if (trialDecisions.has(job.trial)) return; // a queue may deliver a retried trial twice: record it once
          const spec = definition.trials[job.trial];
          const { metrics } = measureOf(spec, decision);
          const value = metrics[objective.key];
          const record: TrialRecord = {
            kind: 'trial',
            planId,
            trial: spec.index,
            values: spec.values,
            seed: spec.seed,
            objective: Number.isFinite(value) ? value : null,
            metrics,
            decision,
          };
          appendRecord(folder.recordsFile, record);
          trialDecisions.set(spec.index, decision);
          noteBest(spec, value);
          update();
        },
        onActivity: (text) => update(text),
      },
    );
  } finally {
    task.stop();
  }

  const missing = definition.trials.filter((spec) => !trialDecisions.has(spec.index));
  if (missing.length > 0) throw new Error(`the executor finished with ${missing.length} trial(s) undecided (first: ${missing[0].index})`);
  const analysis = analyzeSweep({
    bars,
    window,
    conventions,
    definition,
    trials: definition.trials.map((spec) => ({ spec, decision: trialDecisions.get(spec.index)!, measured: trialMeasures.get(spec.index) })),
    references: definition.references.map((reference) => ({ reference, decision: referenceDecisions.get(reference.entry.name)! })),
  });
  const results: SweepResults = {
    kind: 'walkforward-sweep',
    version: SWEEP_RESULTS_VERSION,
    name: config.name,
    description: config.description,
    configPath: loaded.path,
    seed: config.seed,
    createdAt: new Date(startedAt).toISOString(),
    runTimeMs: now() - startedAt,
    executor: pending.length > 0 ? options.executor.describe(pending.length) : 'none (every trial was recorded)',
    data: { symbol: series.symbol, source: series.source, start: bars[0].date, end: bars[bars.length - 1].date, bars: bars.length, barsHash: barsPayload.hash },
    evaluation: { ...window, rule: planned.rule },
    conventions,
    sweep: {
      planId,
      strategy: definition.strategy,
      paths: definition.paths,
      method: definition.method,
      constraints: definition.constraints,
      objective,
      heatmap: definition.heatmap,
    },
    ...analysis,
    warnings: [...warnings, ...analysis.warnings],
  };
  return { results, folder, ranTrials: pending.length };
}
