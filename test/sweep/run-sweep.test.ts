import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { silentProgress } from '../../src/core/progress.ts';
import type { BarSeries } from '../../src/data/bar.ts';
import { runBacktest } from '../../src/run/run-backtest.ts';
import { parseSweepConfig } from '../../src/sweep/load-sweep.ts';
import { runSweep, type SweepRunOptions } from '../../src/sweep/run-sweep.ts';
import { localExecutor, type TrialExecutor } from '../../src/sweep/trial-executor.ts';
import { randomWalkBars } from '../helpers/bars.ts';
import { sweepFigures } from '../helpers/sweep-figures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'wf-sweep-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const series: BarSeries = { symbol: 'RW', source: 'random-walk', bars: randomWalkBars(900, 5, { drift: 0.0004, volatility: 0.015, businessDays: true }) };

const config = `name: run-sweep
seed: 11
data: { source: csv, path: unused.csv }
broker: { cash: 10000, commission: 0.001, slippage: 0.0005 }
benchmark: buy-and-hold
strategies:
  - { name: sma, type: sma-crossover, params: { fast: 10, slow: 30 } }
  - name: ridge
    type: forecast
    params:
      features: [{ name: log-return }, { name: rsi, period: 10 }]
      walkforward: { trainBars: 300, testBars: 100 }
      lookback: 10
      model: { type: linear }
sweep:
  grid:
    sma.params.fast: [3, 5, 8, 13]
    sma.params.slow: [20, 40, 60]
  constraints: [sma.params.fast < sma.params.slow]
  wfo: { trainBars: 150, testBars: 60 }
  cscv: { partitions: 8 }
`;

const inProcess = localExecutor({ workers: 1, engine: 'cpu', trainsNetwork: false });

function options(outDir: string, overrides: Partial<SweepRunOptions> = {}): SweepRunOptions {
  return { outDir, resume: false, executor: inProcess, progress: silentProgress, log: () => {}, now: () => 0, ...overrides };
}


/** An executor that runs the first `count` trials, then fails as a killed process would. */
function dyingAfter(count: number, executor: TrialExecutor): TrialExecutor {
  return {
    describe: executor.describe,
    async run(jobs, s, bars, handlers) {
      let done = 0;
      await executor.run(jobs, s, bars, {
        ...handlers,
        onDecision(job, decision) {
          if (done === count) throw new Error('killed');
          handlers.onDecision(job, decision);
          done++;
        },
      });
    },
  };
}

describe('runSweep', () => {
  it('measures every trial over one common window, exactly as a backtest of its params over that window', async () => {
    const { loaded, definition } = parseSweepConfig(config, 'sweep.yaml');
    const { results } = await runSweep(loaded, definition, series, options(path.join(dir, 'one')));
    expect(results.trials).toHaveLength(12);
    // The window starts where every trial and reference can decide: slow 60, the ridge's 300 + 1.
    expect(results.evaluation).toMatchObject({ startBar: 301, endBar: 899 });
    expect(results.evaluation.rule).toMatch(/ridge's warm-up of 301 bars/);
    expect(results.references.map((r) => r.name)).toEqual(['ridge', 'buy-and-hold']);
    for (const trial of [results.trials[0], results.trials[7]]) {
      const backtestYaml = `name: check
seed: ${trial.seed}
data: { source: csv, path: unused.csv }
broker: { cash: 10000, commission: 0.001, slippage: 0.0005 }
evaluation: { start: ${results.evaluation.start} }
strategies:
  - { name: sma, type: sma-crossover, params: { fast: ${trial.values['sma.params.fast']}, slow: ${trial.values['sma.params.slow']} } }
`;
      const backtest = await runBacktest(parseConfig(backtestYaml, 'check.yaml'), series, { progress: silentProgress, now: () => 0 });
      expect(backtest.strategies[0].window).toEqual({ startBar: 301, endBar: 899, start: results.evaluation.start, end: results.evaluation.end });
      expect(trial.metrics).toEqual(backtest.strategies[0].metrics);
    }
    // Ranked by Sharpe, best first; the deflated Sharpe ratio deflates by all 12 trials.
    const sharpes = results.ranking.map((i) => results.trials[i].objective);
    expect([...sharpes].sort((a, b) => b - a)).toEqual(sharpes);
    expect(results.trials[results.ranking[0]].rank).toBe(1);
    expect(results.selection).toMatchObject({ trial: results.ranking[0], trials: 12 });
    expect(results.selection.deflatedSharpe).toBeLessThan(results.selection.probabilisticSharpe);
    expect(results.pbo).toMatchObject({ available: true, partitions: 8, splits: 70, trials: 12 });
    expect(results.wfo.available && results.wfo.refits.length).toBe(8);
    expect(results.stability.heatmaps).toHaveLength(1);
  });

  it('records each trial as it finishes; a resumed sweep runs only the missing ones and gives the same figures', async () => {
    const { loaded, definition } = parseSweepConfig(config, 'sweep.yaml');
    const whole = await runSweep(loaded, definition, series, options(path.join(dir, 'whole')));
    const outDir = path.join(dir, 'resumed');
    await expect(runSweep(loaded, definition, series, options(outDir, { executor: dyingAfter(4, inProcess) }))).rejects.toThrow('killed');
    const records = readFileSync(path.join(outDir, 'run-sweep', 'trials.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.kind)).toEqual(['reference', 'reference', 'trial', 'trial', 'trial', 'trial']);

    // Without --resume the folder is not touched.
    await expect(runSweep(loaded, definition, series, options(outDir))).rejects.toThrow(/holds an earlier sweep \(4 trials finished\): --resume continues it/);

    const ran: number[] = [];
    const counting: TrialExecutor = {
      describe: inProcess.describe,
      run: (jobs, s, bars, handlers) => {
        ran.push(...jobs.map((job) => job.trial));
        return inProcess.run(jobs, s, bars, handlers);
      },
    };
    const resumed = await runSweep(loaded, definition, series, options(outDir, { resume: true, executor: counting }));
    expect(ran).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(resumed.ranTrials).toBe(8);
    expect(sweepFigures(resumed.results)).toEqual(sweepFigures(whole.results));

    // Resuming a finished sweep runs nothing and still writes the same results.
    ran.length = 0;
    const again = await runSweep(loaded, definition, series, options(outDir, { resume: true, executor: counting }));
    expect(ran).toEqual([]);
    expect(sweepFigures(again.results)).toEqual(sweepFigures(whole.results));
  });

  it('drops a record cut short by a kill (that trial runs again), and refuses records of another plan', async () => {
    const { loaded, definition } = parseSweepConfig(config, 'sweep.yaml');
    const outDir = path.join(dir, 'torn');
    await expect(runSweep(loaded, definition, series, options(outDir, { executor: dyingAfter(2, inProcess) }))).rejects.toThrow('killed');
    const file = path.join(outDir, 'run-sweep', 'trials.jsonl');
    const complete = readFileSync(file, 'utf8');
    appendFileSync(file, '{"kind":"trial","planId":"abc","trial":2,"val');
    const warnings: string[] = [];
    const resumed = await runSweep(loaded, definition, series, options(outDir, { resume: true, log: (m) => warnings.push(m) }));
    expect(warnings.join('\n')).toMatch(/the last record was cut short .* that trial runs again/);
    expect(resumed.results.warnings.map((w) => w.code)).toContain('torn-record');
    expect(readFileSync(file, 'utf8').startsWith(complete)).toBe(true);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2 + 12);

    // The same folder with another grid: its records belong to another plan.
    const other = parseSweepConfig(config.replace('[3, 5, 8, 13]', '[3, 5, 8]'), 'sweep.yaml');
    await expect(runSweep(other.loaded, other.definition, series, options(outDir, { resume: true }))).rejects.toThrow(/planned from another config or other data/);
    // A damaged line in the middle is named, not skipped.
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[3] = '{"kind":"trial"';
    writeFileSync(file, lines.join('\n'));
    await expect(runSweep(loaded, definition, series, options(outDir, { resume: true }))).rejects.toThrow(/trials\.jsonl:4: not a JSON record/);
  });
});
