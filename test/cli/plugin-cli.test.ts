// A user's strategy file through the real CLI: backtest, validate and compare run it; its
// mistakes are one message naming the file, exit 2.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNN_TS, MOMENTUM_TS, studyConfig, studyFolders } from '../helpers/study-folder.ts';
import { STACK_OR_INTERNAL, cli } from './run-cli.ts';

const study = studyFolders('wf-plugin-cli-');

describe('a user strategy file through the CLI', () => {
  it('backtest, validate and compare run a config naming ./strategies/momentum.ts, from any working folder', async () => {
    const dir = study({
      'strategies/momentum.ts': MOMENTUM_TS,
      'config.yaml': studyConfig('plug', ['{ name: mom, type: ./strategies/momentum.ts, params: { lookback: 30 } }', '{ name: sma, type: sma-crossover }']),
    });
    const out = path.join(dir, 'reports');
    const validated = await cli(['validate', path.join(dir, 'config.yaml')]);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stdout).toContain('strategies: mom (./strategies/momentum.ts), sma (sma-crossover)');

    const run = await cli(['backtest', path.join(dir, 'config.yaml'), '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(path.join(out, 'plug', 'results.json'), 'utf8'));
    expect(results.strategies.map((s: { name: string; type: string }) => `${s.name}:${s.type}`)).toEqual(['mom:./strategies/momentum.ts', 'sma:sma-crossover']);
    expect(results.strategies[0].metrics.trades).toBeGreaterThan(5);
    expect(readFileSync(path.join(out, 'plug', 'report.html'), 'utf8')).toContain('mom');

    // compare: a config with the plug-in (run again) beside the stored run.
    const compared = await cli(['compare', path.join(out, 'plug'), path.join(dir, 'config.yaml'), '--name', 'both', '--out', out, '--quiet']);
    expect(compared.code, compared.stderr).toBe(0);
    const merged = JSON.parse(readFileSync(path.join(out, 'both', 'results.json'), 'utf8'));
    // The same strategy on the same bars from both runs is one entry (compare merges identical ones).
    const momentum = merged.strategies.filter((s: { type: string }) => s.type === './strategies/momentum.ts');
    expect(momentum).toHaveLength(1);
    expect(momentum[0].targetPositions).toEqual(results.strategies[0].targetPositions);
  }, 60_000);

  it('a forecaster file as a model runs through backtest and compare', async () => {
    const knn = '{ name: knn, type: lstm-forecast, params: { features: [{ name: volume }, { name: log-return }], lookback: 3, walkforward: { trainBars: 300, testBars: 100 }, model: { type: ./models/knn.ts, k: 9 } } }';
    const dir = study({ 'models/knn.ts': KNN_TS, 'config.yaml': studyConfig('knn', [knn], 'benchmark: buy-and-hold\n') });
    const out = path.join(dir, 'reports');
    const run = await cli(['backtest', 'config.yaml', '--out', out, '--quiet'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(path.join(out, 'knn', 'results.json'), 'utf8'));
    expect(results.strategies[0].model.modelType).toBe('knn');
    expect(readFileSync(path.join(out, 'knn', 'report.html'), 'utf8')).toContain('knn');
    const compared = await cli(['compare', path.join(out, 'knn'), 'config.yaml', '--name', 'again', '--out', out, '--quiet'], { cwd: dir });
    expect(compared.code, compared.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'again', 'results.json'), 'utf8')).strategies.some((s: { name: string }) => s.name === 'knn')).toBe(true);
  }, 60_000);

  it('a throw in the user\'s run names the file and the line of the TypeScript source', async () => {
    const throwing = MOMENTUM_TS.replace('return { targetPositions: targets };', "if (bars.length > 10) throw new RangeError('lookback too long');\n      return { targetPositions: targets };");
    const dir = study({ 'throwing.ts': throwing, 'config.yaml': studyConfig('throws', ['{ name: m, type: ./throwing.ts }']) });
    const { code, stderr } = await cli(['backtest', 'config.yaml', '--out', path.join(dir, 'reports'), '--quiet'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('walkforward: throwing.ts: run threw: lookback too long (at throwing.ts:13:35)');
  });

  it('a module that does not load is a config error naming the file and the config line (exit 2, no stack trace)', async () => {
    const dir = study({ 'broken.ts': "import { nothing } from './missing.ts';\nexport default nothing;\n", 'config.yaml': studyConfig('broken', ['{ name: m, type: ./broken.ts }']) });
    const { code, stderr } = await cli(['backtest', 'config.yaml'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^walkforward: config\.yaml:4:22 strategies\[0\]\.type: broken\.ts: failed to load: Cannot find module '\S*missing\.ts'/);
    expect(stderr).not.toMatch(STACK_OR_INTERNAL);
  });
});
