// `walkforward check` through the real CLI: the contract on a user's strategy file or a config.
import { describe, expect, it } from 'vitest';
import { KNN_TS, MOMENTUM_TS, PEEKING_TS, studyConfig, studyFolders } from '../helpers/study-folder.ts';
import { STACK_OR_INTERNAL, cli } from './run-cli.ts';

const study = studyFolders('wf-check-');

describe('walkforward check', () => {
  it('passes a causal strategy file, in both modes, with its default params', async () => {
    const dir = study({ 'momentum.ts': MOMENTUM_TS });
    const { code, stdout, stderr } = await cli(['check', 'momentum.ts', '--quiet'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('momentum.ts (momentum, long-only, params {"lookback":20})');
    expect(stdout).toContain('momentum.ts (momentum, long-short, params {"lookback":20})');
    expect(stdout).toMatch(/ok {4}no-look-ahead: 12 truncations, keeping 21 \.\. 2147 of 2148 bars: no decision changed/);
    expect(stdout).toMatch(/ok {4}determinism: /);
    expect(stdout).toMatch(/passed: 2 cases/);
  });

  it('fails a strategy that peeks at the next bar, naming the first bar whose decision changed (exit 1)', async () => {
    const dir = study({ 'peek.ts': PEEKING_TS });
    const { code, stdout } = await cli(['check', 'peek.ts', '--mode', 'long-only', '--cuts', '20', '--quiet'], { cwd: dir });
    expect(code).toBe(1);
    const failure = /FAIL {2}no-look-ahead: deleting the bars after (\d{4}-\d\d-\d\d) \(keeping (\d+)\) changed the decision at bar (\d+) \((\d{4}-\d\d-\d\d)\): 1 with the later bars, 0 without them/.exec(stdout);
    expect(failure, stdout).not.toBeNull();
    const [, lastKept, kept, bar, date] = failure!;
    // Deciding at bar k-1 it read bar k, which the truncation deleted.
    expect(Number(bar)).toBe(Number(kept) - 1);
    expect(date).toBe(lastKept);
    expect(stdout).toMatch(/FAILED: 1 of 1 case broke the contract/);
  });

  it('passes every built-in strategy type of a config, with the config\'s params and modes; forecasters also pass the canaries', async () => {
    const forecaster = (model: string) => `params: { lookback: 5, walkforward: { trainBars: 600, testBars: 300 }, model: ${model} }`;
    const dir = study({
      'momentum.ts': MOMENTUM_TS,
      'config.yaml': studyConfig('builtins', [
        '{ name: bh, type: buy-and-hold }',
        '{ name: sma, type: sma-crossover, params: { fast: 5, slow: 20 }, mode: long-short }',
        '{ name: rsi, type: rsi-reversion }',
        `{ name: lin, type: lstm-forecast, ${forecaster('{ type: linear }')} }`,
        `{ name: naive, type: lstm-forecast, ${forecaster('{ type: naive }')} }`,
        `{ name: lstm, type: lstm-forecast, mode: long-short, ${forecaster('{ type: lstm, layers: [4], epochs: 6, learningRate: 0.02, patience: 0 }')} }`,
        '{ name: mine, type: ./momentum.ts, params: { lookback: 10 } }',
      ]),
    });
    const { code, stdout, stderr } = await cli(['check', 'config.yaml', '--cuts', '3'], { cwd: dir, timeoutMs: 240_000 });
    expect(code, stdout + stderr).toBe(0);
    const blocks = Object.fromEntries(stdout.split(/\n(?=\S)/).map((block) => [block.split(' ')[0], block]));
    for (const name of ['bh', 'sma', 'rsi', 'lin', 'naive', 'lstm', 'mine']) {
      expect(blocks[name], name).toMatch(/ok {4}no-look-ahead: 3 truncations.*\n.*ok {4}fills: .*\n.*ok {4}determinism: /);
    }
    for (const name of ['lin', 'lstm']) expect(blocks[name]).toMatch(/ok {4}planted-signal: learns a planted causal signal: .*\n.*ok {4}random-walk: no skill on a random walk/);
    expect(blocks.naive).toMatch(/ok {4}planted-signal: makes no directional forecast/);
    for (const name of ['bh', 'sma', 'rsi', 'mine']) expect(blocks[name]).not.toContain('planted-signal');
    expect(stdout).toMatch(/passed: 7 cases/);
    expect(stderr).toMatch(/checking lin \(lstm-forecast, long-only\) on \S+GOOG\.csv \(1259 bars, 3 truncations\)/);
  }, 240_000);

  it('passes a forecaster file: the contract as the model of a forecasting strategy, and both canaries', async () => {
    const dir = study({ 'knn.ts': KNN_TS });
    const { code, stdout, stderr } = await cli(['check', 'knn.ts', '--params', '{"k": 25}', '--mode', 'long-short', '--cuts', '3', '--quiet'], { cwd: dir, timeoutMs: 120_000 });
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toContain('knn.ts (forecaster knn, long-short, params {"k":25})');
    expect(stdout).toMatch(/ok {4}no-look-ahead: 3 truncations/);
    expect(stdout).toMatch(/ok {4}determinism: /);
    expect(stdout).toMatch(/ok {4}planted-signal: learns a planted causal signal: directional accuracy 0\.\d{3}/);
    expect(stdout).toMatch(/ok {4}random-walk: no skill on a random walk/);
  }, 120_000);

  it('a peeking strategy file named in a config is caught too', async () => {
    const dir = study({ 'peek.ts': PEEKING_TS, 'config.yaml': studyConfig('peeking', ['{ name: peek, type: ./peek.ts }']) });
    const { code, stdout } = await cli(['check', 'config.yaml', '--quiet'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toMatch(/peek \(\.\/peek\.ts, long-only\)\n {2}FAIL {2}no-look-ahead: .* changed the decision at bar \d+ \(\d{4}-\d\d-\d\d\)/);
  });

  it('bad input is one message and exit 2: a broken file, bad --params, an unknown --mode', async () => {
    const dir = study({ 'momentum.ts': MOMENTUM_TS, 'empty.ts': 'export const x = 1;\n' });
    const cases: Array<[string[], RegExp]> = [
      [['check', 'empty.ts'], /^walkforward: empty\.ts: no default export/],
      [['check', 'momentum.ts', '--params', '{"lookback": 0}'], /^walkforward: momentum\.ts: params\.lookback: .*>=\s*1/],
      [['check', 'momentum.ts', '--params', '{lookback'], /^walkforward: --params: not valid JSON/],
      [['check', 'momentum.ts', '--mode', 'sideways'], /^walkforward: --mode: expected long-only or long-short/],
      [['check', 'nowhere.ts'], /^walkforward: nowhere\.ts: file not found/],
    ];
    for (const [args, expected] of cases) {
      const { code, stderr } = await cli(args, { cwd: dir });
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(expected);
      expect(stderr).not.toMatch(STACK_OR_INTERNAL);
    }
  });
});
