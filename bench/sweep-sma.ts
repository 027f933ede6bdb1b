/**
 * The 50-combination SMA-crossover sweep on the shipped GOOG data (configs/sweep-sma.yaml), side by
 * side with a serial baseline, in one run:
 *
 *   npx tsx bench/sweep-sma.ts               whole processes + in-process figures
 *   npx tsx bench/sweep-sma.ts --processes   also the 50 separate `walkforward backtest` processes
 *                                            a user would otherwise run (a minute or more)
 *
 * Whole process: `walkforward --help` (start-up alone), `walkforward backtest` of the same config
 * (one trial: what loading the engine, the data and the report costs any run) and `walkforward
 * sweep` (50 trials, the deflated Sharpe ratio, PBO over 12870 splits, WFO, the report); the
 * sweep's difference from start-up is its work beyond start-up. In process, after start-up, fastest of --repeat runs: the serial baseline
 * (each trial parses the config and the CSV again and computes its indicators from scratch, as a
 * one-off backtest does) vs the sweep's trial path (bars loaded once, averages shared between
 * trials) vs the whole sweep. CPU time is printed beside wall time: on a shared machine the wall
 * time moves with the neighbours' load. Temp output is removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config/load-config.ts';
import { silentProgress } from '../src/core/progress.ts';
import { loadSeries } from '../src/data/load-series.ts';
import { renderSweepReport } from '../src/report/sweep/render-sweep-report.ts';
import { decideStrategies, planEvaluation, measureRun } from '../src/run/run-backtest.ts';
import { loadSweepConfig } from '../src/sweep/load-sweep.ts';
import { runSweep } from '../src/sweep/run-sweep.ts';
import { localExecutor } from '../src/sweep/trial-executor.ts';
import { toJson } from '../src/core/json-text.ts';

const { values: args } = parseArgs({ options: { repeat: { type: 'string', default: '3' }, processes: { type: 'boolean', default: false } } });
const REPEAT = Number(args.repeat);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = path.join(ROOT, 'configs/sweep-sma.yaml');
const scratch = mkdtempSync(path.join(tmpdir(), 'wf-bench-sweep-'));

interface Cost {
  wallMs: number;
  cpuMs: number;
}

/** A whole process from the shell: wall time, and user + system CPU time from /usr/bin/time. */
function processCost(argv: string[]): Cost {
  const timed = existsSync('/usr/bin/time');
  const command = timed ? '/usr/bin/time' : process.execPath;
  const commandArgs = timed ? ['-f', '%U %S', process.execPath, ...argv] : argv;
  const started = performance.now();
  const result = spawnSync(command, commandArgs, { cwd: ROOT, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
  const times = timed ? result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) : [NaN, NaN];
  return { wallMs, cpuMs: (times[0] + times[1]) * 1000 };
}

/** Fastest (by wall time) of `repeat` runs of a whole process. */
function fastestProcess(argv: string[], repeat = REPEAT): Cost {
  let best: Cost = { wallMs: Infinity, cpuMs: Infinity };
  for (let r = 0; r < repeat; r++) {
    const cost = processCost(argv);
    if (cost.wallMs < best.wallMs) best = cost;
  }
  return best;
}

/** Fastest of `repeat` in-process runs after one warm-up run (wall and this process's CPU). */
async function fastestInProcess(run: () => Promise<unknown>): Promise<Cost> {
  await run();
  let best: Cost = { wallMs: Infinity, cpuMs: Infinity };
  for (let r = 0; r < REPEAT; r++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run();
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (wallMs < best.wallMs) best = { wallMs, cpuMs: (used.user + used.system) / 1000 };
  }
  return best;
}

const { loaded, definition } = await loadSweepConfig(CONFIG);
const trialCount = definition.trials.length;
let sweepRun = 0;
const sweepOnce = async (withReport: boolean) => {
  const [series] = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir });
  const { results } = await runSweep(loaded, definition, series, {
    outDir: path.join(scratch, `in-process-${sweepRun++}`),
    resume: false,
    executor: localExecutor({ workers: loaded.config.workers, engine: loaded.config.engine, trainsNetwork: false }),
    progress: silentProgress,
    log: () => {},
  });
  if (withReport) {
    toJson(results);
    renderSweepReport(results);
  }
  return results;
};
const reference = await sweepOnce(false);

/** The baseline: every trial a one-off backtest of its own config: YAML and CSV parsed again, indicators from scratch. */
const configText = readFileSync(CONFIG, 'utf8');
async function serialBaseline(): Promise<number[]> {
  const sharpes: number[] = [];
  for (const trial of definition.trials) {
    const { fast, slow } = { fast: trial.values['sma.params.fast'], slow: trial.values['sma.params.slow'] };
    const text = configText
      .replace(/\nsweep:[\s\S]*$/, '\n')
      .replace('params: { fast: 10, slow: 30 }', `params: { fast: ${fast}, slow: ${slow} }`)
      .replace('riskFreeRate: 0', `riskFreeRate: 0\nevaluation: { start: ${reference.evaluation.start} }`);
    const trialConfig = parseConfig(text, CONFIG);
    const [series] = await loadSeries(trialConfig.config.data, { baseDir: trialConfig.baseDir });
    const { decisions, warnings } = await decideStrategies(trialConfig, series, { progress: silentProgress });
    const results = measureRun(trialConfig, series, decisions, planEvaluation(trialConfig, series, decisions), { warnings, createdAt: '', runTimeMs: 0 });
    sharpes.push(results.strategies[0].metrics.sharpe);
  }
  return sharpes;
}
const baselineSharpes = await serialBaseline();
const same = baselineSharpes.every((sharpe, i) => sharpe === reference.trials[i].metrics.sharpe);

const row = (label: string, cost: Cost, note = '') =>
  console.log(`${label.padEnd(64)} ${(cost.wallMs / 1000).toFixed(3).padStart(8)} ${(cost.cpuMs / 1000).toFixed(3).padStart(8)}  ${note}`);

console.log(`${trialCount}-trial SMA sweep on GOOG (${reference.data.bars} bars, window ${reference.evaluation.start} .. ${reference.evaluation.end}); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${''.padEnd(64)} ${'wall s'.padStart(8)} ${'cpu s'.padStart(8)}`);
console.log('Whole process from the shell (fastest of runs):');
const help = fastestProcess(['bin/walkforward.mjs', '--help']);
const sweepProcess = fastestProcess(['bin/walkforward.mjs', 'sweep', CONFIG, '--quiet', '--out', path.join(scratch, 'cli')], 1);
for (let r = 1; r < REPEAT; r++) {
  rmSync(path.join(scratch, 'cli'), { recursive: true, force: true });
  const cost = processCost(['bin/walkforward.mjs', 'sweep', CONFIG, '--quiet', '--out', path.join(scratch, 'cli')]);
  if (cost.wallMs < sweepProcess.wallMs) Object.assign(sweepProcess, cost);
}
row('walkforward --help (start-up only)', help);
// What every run of a config loads (config, data, strategies, metrics, report): the sweep's modules imported, nothing run.
const compiledAction = path.join(ROOT, 'dist/src/cli/sweep-action.js');
if (existsSync(compiledAction)) row('  + importing the sweep command (compiled dist/), nothing run', fastestProcess(['--input-type=module', '-e', `await import(${JSON.stringify(compiledAction)})`]));
// backtest ignores the sweep block: one SMA crossover and buy-and-hold, with statistics and report.
const oneBacktest = fastestProcess(['bin/walkforward.mjs', 'backtest', CONFIG, '--quiet', '--out', path.join(scratch, 'one-backtest')]);
row('walkforward backtest of the same config (one trial, statistics, report)', oneBacktest);
row('walkforward sweep configs/sweep-sma.yaml (trials, DSR, PBO, WFO, report)', sweepProcess);
row('  work beyond start-up', { wallMs: sweepProcess.wallMs - help.wallMs, cpuMs: sweepProcess.cpuMs - help.cpuMs });
if (args.processes) {
  const text = configText.replace(/\nsweep:[\s\S]*$/, '\n');
  const perTrial = definition.trials.map((trial, i) => {
    const file = path.join(scratch, `trial-${i}.yaml`);
    const body = text
      .replace('name: sweep-sma', `name: trial-${i}`)
      .replace('params: { fast: 10, slow: 30 }', `params: { fast: ${trial.values['sma.params.fast']}, slow: ${trial.values['sma.params.slow']} }`)
      .replace('path: data/GOOG.csv', `path: ${path.join(ROOT, 'data/GOOG.csv')}`);
    return { file, body };
  });
  const { writeFileSync } = await import('node:fs');
  for (const { file, body } of perTrial) writeFileSync(file, body);
  const total: Cost = { wallMs: 0, cpuMs: 0 };
  for (const { file } of perTrial) {
    const cost = processCost(['bin/walkforward.mjs', 'backtest', file, '--quiet', '--out', path.join(scratch, 'backtests')]);
    total.wallMs += cost.wallMs;
    total.cpuMs += cost.cpuMs;
  }
  row(`${trialCount} x walkforward backtest, one config per combination`, total, 'what a sweep replaces');
}
console.log(`In process, after start-up (fastest of ${REPEAT} after a warm-up):`);
const baseline = await fastestInProcess(serialBaseline);
const trialsOnly = await fastestInProcess(async () => {
  const [series] = await loadSeries(loaded.config.data, { baseDir: loaded.baseDir });
  const { decideTrial } = await import('../src/sweep/trial-job.ts');
  const { measureTrial } = await import('../src/sweep/measure-trial.ts');
  const { conventionsOf, frequencyOf } = await import('../src/run/run-backtest.ts');
  const conventions = conventionsOf(loaded, frequencyOf(series));
  for (const trial of definition.trials) {
    const decision = await decideTrial(
      { format: 1, version: '', planId: '', sweepName: '', trial: trial.index, configPath: CONFIG, config: { ...loaded.config, seed: trial.seed, strategies: [trial.entry], benchmark: undefined, sweep: undefined }, series: { symbol: series.symbol, source: series.source, barsHash: '', barCount: series.bars.length } },
      series,
      silentProgress,
    );
    measureTrial(series.bars, decision, conventions, trial.entry, reference.evaluation);
  }
});
const whole = await fastestInProcess(() => sweepOnce(true));
row(`serial baseline: ${trialCount} one-off backtests (YAML + CSV parsed, indicators per trial)`, baseline, `same Sharpe ratios as the sweep: ${same ? 'yes' : 'NO'}`);
row(`sweep trial path: ${trialCount} trials on one bars array, shared averages`, trialsOnly, `${(baseline.wallMs / trialsOnly.wallMs).toFixed(1)}x faster`);
row('whole sweep: trials, records, DSR, PBO (12870 splits), WFO, report', whole);
rmSync(scratch, { recursive: true, force: true });
