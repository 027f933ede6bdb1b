import path from 'node:path';
import { CANARY_SETUP, canaryParams, checkForecasterCanaries } from '../check/forecaster-canaries.ts';
import { checkStrategyContract, type ContractCheck } from '../check/strategy-contract.ts';
import { silentProgress } from '../core/progress.ts';
import { loadConfig, strategyDefinitionOf } from '../config/load-config.ts';
import { UserError } from '../core/errors.ts';
import type { PositionMode } from '../core/position-mode.ts';
import type { Bar } from '../data/bar.ts';
import { loadCsvSeries } from '../data/load-csv.ts';
import { loadSeries } from '../data/load-series.ts';
import { isForecasterDefinition } from '../models/define-forecaster.ts';
import { importUserModule } from '../plugins/import-user-module.ts';
import { loadForecasterPlugin } from '../plugins/load-forecaster-plugin.ts';
import { loadStrategyPlugin } from '../plugins/load-strategy-plugin.ts';
import type { StrategyContext, StrategyDefinition } from '../strategy/types.ts';
import { packageRoot } from '../core/package-version.ts';
import { createLogger, createProgressSink } from './progress.ts';

export interface CheckOptions {
  params?: string;
  mode?: string;
  data?: string;
  cuts?: number;
  quiet?: boolean;
  offline?: boolean;
}

/** One strategy to put through the contract, with everything it runs with. */
interface Subject {
  label: string;
  definition: StrategyDefinition;
  params: unknown;
  mode: PositionMode;
  context: Partial<StrategyContext>;
  seed?: number;
}

const MODES: readonly PositionMode[] = ['long-only', 'long-short'];

/** The strategy type that runs a forecaster through the walk-forward and the signal rule. */
const FORECAST_STRATEGY = 'forecast';

/**
 * `walkforward check`: the strategy contract (src/check/strategy-contract.ts) on a user's strategy
 * file or on every strategy of a config. Prints one line per check; exit 1 when any fails.
 */
export async function check(target: string, options: CheckOptions): Promise<void> {
  const cuts = options.cuts ?? 12;
  if (!Number.isInteger(cuts) || cuts < 1) throw new UserError(`--cuts: expected a whole number >= 1`);
  const log = createLogger(Boolean(options.quiet));
  const isConfig = /\.ya?ml$/i.test(target);
  const { bars, source, subjects } = isConfig ? await configSubjects(target, options) : await fileSubjects(target, options);
  const progress = createProgressSink(Boolean(options.quiet));
  let failed = 0;
  for (const subject of subjects) {
    log(`checking ${subject.label} on ${source} (${bars.length} bars, ${cuts} truncations)...`);
    const context = { progress, ...subject.context };
    const report = await checkStrategyContract(subject.definition, subject.params, { bars, mode: subject.mode, cuts, seed: subject.seed, context });
    const checks = [...report.checks];
    if (report.forecasts) {
      log(`checking ${subject.label}: planted-signal and random-walk canaries...`);
      checks.push(...(await canaries(subject, context)));
    }
    process.stdout.write(formatChecks(subject.label, checks));
    if (!checks.every((c) => c.passed)) failed++;
  }
  const cases = (n: number) => `${n} ${n === 1 ? 'case' : 'cases'}`;
  if (failed > 0) {
    process.stdout.write(`FAILED: ${failed} of ${cases(subjects.length)} broke the contract\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`passed: ${cases(subjects.length)}, no look-ahead found, deterministic\n`);
  }
}

function formatChecks(label: string, checks: readonly ContractCheck[]): string {
  const lines = checks.map((c) => `  ${c.passed ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.summary}`);
  return `${label}\n${lines.join('\n')}\n`;
}

/**
 * A forecasting strategy's canaries: its model (and signal) in the canaries' walk-forward on
 * planted-signal and random-walk bars (src/check/forecaster-canaries.ts).
 */
async function canaries(subject: Subject, context: Partial<StrategyContext>): Promise<ContractCheck[]> {
  const parsed = subject.definition.params.safeParse(canaryParams(subject.params));
  if (!parsed.success) {
    return [{ name: 'canaries', passed: false, summary: `its params do not take the canaries' features and folds: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` }];
  }
  const runContext: StrategyContext = { engine: 'auto', fused: true, workers: 1, progress: silentProgress, ...context, seed: subject.seed ?? 7, mode: subject.mode };
  return checkForecasterCanaries(async (bars) => {
    const output = await subject.definition.create(parsed.data, runContext).run(bars);
    if (!output.model) throw new UserError(`${subject.label}: forecasts on its own bars but gave no model report on the canaries' bars`);
    return output.model.forecastMetrics;
  });
}

/**
 * A strategy file (its default export made with defineStrategy) with --params or the defaults, in
 * --mode or both modes; or a forecaster file (defineForecaster), run as the model of a forecasting
 * strategy on the canaries' features and folds.
 */
async function fileSubjects(file: string, options: CheckOptions): Promise<{ bars: readonly Bar[]; source: string; subjects: Subject[] }> {
  let raw: unknown = {};
  if (options.params !== undefined) {
    try {
      raw = JSON.parse(options.params);
    } catch (error) {
      throw new UserError(`--params: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  let modes = MODES;
  if (options.mode !== undefined) {
    const mode = MODES.find((m) => m === options.mode);
    if (!mode) throw new UserError(`--mode: expected long-only or long-short, got "${options.mode}"`);
    modes = [mode];
  }
  const dataFile = options.data ?? path.join(packageRoot(), 'data', 'GOOG.csv');
  const series = loadCsvSeries(dataFile);
  const source = options.data ?? `${series.symbol} (shipped data)`;
  const paramsError = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, prefix: string[]) =>
    new UserError(`${file}: ${issues.map((issue) => `${[...prefix, ...issue.path.map(String)].join('.')}: ${issue.message}`).join('; ')}${options.params === undefined ? ' (give --params as JSON)' : ''}`);

  const exported = (await importUserModule(file)).default;
  if (isForecasterDefinition(exported)) {
    await loadForecasterPlugin(file);
    const forecast = strategyDefinitionOf(FORECAST_STRATEGY, path.dirname(file));
    if (!forecast) throw new Error(`strategy type ${FORECAST_STRATEGY} is not registered`);
    const model = typeof raw === 'object' && raw !== null ? { ...raw, type: path.resolve(file) } : raw;
    const parsed = forecast.params.safeParse({ ...CANARY_SETUP, model });
    if (!parsed.success) throw paramsError(parsed.error.issues, []);
    const subjects = modes.map((mode) => ({ label: `${file} (forecaster ${exported.type}, ${mode}, params ${JSON.stringify(raw)})`, definition: forecast, params: parsed.data, mode, context: {} }));
    return { bars: series.bars, source, subjects };
  }
  const definition = await loadStrategyPlugin(file);
  const parsed = definition.params.safeParse(raw);
  if (!parsed.success) throw paramsError(parsed.error.issues, ['params']);
  const subjects = modes.map((mode) => ({ label: `${file} (${definition.type}, ${mode}, params ${JSON.stringify(parsed.data)})`, definition, params: parsed.data, mode, context: {} }));
  return { bars: series.bars, source, subjects };
}

/** Every strategy of a config (built-in types and plug-in files), on its data, with its params, mode, seed and engine. */
async function configSubjects(file: string, options: CheckOptions): Promise<{ bars: readonly Bar[]; source: string; subjects: Subject[] }> {
  const loaded = await loadConfig(file);
  const [series, ...others] = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir, offline: options.offline });
  const { config } = loaded;
  const subjects = loaded.strategies.map(({ entry, definition, params }) => ({
    label: `${entry.name} (${entry.type}, ${entry.mode})`,
    definition,
    params,
    mode: entry.mode,
    seed: config.seed,
    context: { engine: config.engine, fused: config.fused, workers: config.workers },
  }));
  const source = others.length > 0 ? `${series.source} (the first of ${others.length + 1} symbols)` : series.source;
  return { bars: series.bars, source, subjects };
}
