import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveConfigText } from '../../src/config/load-config.ts';
import { isPluginReference } from '../../src/core/plugin-reference.ts';
import { runBacktest } from '../../src/api/run-backtest.ts';
import { MOMENTUM_TS, studyConfig, studyFolders, userErrorOf } from '../helpers/study-folder.ts';

const study = studyFolders('wf-plugins-');

describe('strategy plug-ins from the user\'s files', () => {
  it('tells file references from registered type names', () => {
    for (const type of ['./my.ts', '../x/y.mjs', 'my-strategy.ts', '/abs/s.js', 'sub/dir/s.mts']) expect(isPluginReference(type), type).toBe(true);
    for (const type of ['sma-crossover', 'buy-and-hold', 'lstm-forecast']) expect(isPluginReference(type), type).toBe(false);
  });

  it('a TypeScript strategy file, relative to the config, runs without a build step', async () => {
    const dir = study({
      'strategies/momentum.ts': MOMENTUM_TS,
      'config.yaml': studyConfig('plug', ['{ name: mom, type: ./strategies/momentum.ts, params: { lookback: 30 } }', '{ name: mom-ls, type: ./strategies/momentum.ts, mode: long-short }']),
    });
    // From another working folder: the file is found relative to the config, not to the cwd.
    const loaded = await loadConfig(path.join(dir, 'config.yaml'));
    expect(loaded.strategies.map((s) => [s.entry.name, s.definition.type, s.params])).toEqual([
      ['mom', 'momentum', { lookback: 30 }],
      ['mom-ls', 'momentum', { lookback: 20 }],
    ]);
    const results = await runBacktest(path.join(dir, 'config.yaml'));
    const mom = results.strategies.find((s) => s.name === 'mom')!;
    expect(mom.type).toBe('./strategies/momentum.ts');
    expect(mom.metrics.trades).toBeGreaterThan(5);
    // Its decisions are the rule's: long exactly where the close is above the close 30 bars before.
    const closes = results.bars.map((bar) => bar.close);
    for (const t of [30, 100, 500, closes.length - 1]) expect(mom.targetPositions[t]).toBe(closes[t] > closes[t - 30] ? 1 : 0);
    expect(results.strategies.find((s) => s.name === 'mom-ls')!.targetPositions).toContain(-1);
    expect(results.strategies.some((s) => s.statistics !== undefined)).toBe(true);
  });

  it('a JavaScript (.mjs and .js) strategy file works the same', async () => {
    const javascript = MOMENTUM_TS;
    const dir = study({
      'momentum.mjs': javascript,
      'momentum.js': javascript,
      'config.yaml': studyConfig('js', ['{ name: a, type: momentum.mjs }', '{ name: b, type: ./momentum.js }']),
    });
    const results = await runBacktest(path.join(dir, 'config.yaml'));
    const [a, b] = results.strategies;
    expect(a.targetPositions).toEqual(b.targetPositions);
    expect(a.metrics.trades).toBeGreaterThan(0);
  });

  it('params are validated by the plug-in\'s own schema, with the config\'s line and column', async () => {
    const dir = study({ 'momentum.ts': MOMENTUM_TS, 'config.yaml': studyConfig('p', ['{ name: m, type: ./momentum.ts, params: { lookback: 0, extra: 1 } }']) });
    const message = await userErrorOf(loadConfig(path.join(dir, 'config.yaml')));
    expect(message).toMatch(/config\.yaml:4:\d+ strategies\[0\]\.params\.lookback: .*>=\s*1/);
    expect(message).toMatch(/config\.yaml:4:\d+ strategies\[0\]\.params\.extra: unknown key "extra"/);
  });

  const broken: Array<[string, string, RegExp]> = [
    ['no default export', `import { defineStrategy } from 'walkforward';\nexport const momentum = 1;\n`, /no default export \(it exports momentum; write `export default defineStrategy/],
    ['the wrong shape', `export default { type: 'x', description: 'y', params: {}, create: 1 };\n`, /default export is not a strategy definition: params: expected a zod schema.*warmupBars: expected a function.*create: expected a function/],
    ['a throw at load', `throw new Error('missing API key');\nexport default 1;\n`, /failed to load: missing API key/],
    ['a syntax error', `export default defineStrategy({ type: 'x', \n`, /failed to load: TransformError[^]*bad\.ts:2:0: ERROR: Expected/],
    ['defineStrategy refusing a bad definition', `import { defineStrategy } from 'walkforward';\nexport default defineStrategy({ type: '' });\n`, /failed to load: TypeError: defineStrategy: type: expected a non-empty string/],
  ];
  for (const [what, source, expected] of broken) {
    it(`a module with ${what} is a config error naming the module file and the config entry`, async () => {
      const dir = study({ 'bad.ts': source, 'config.yaml': studyConfig('bad', ['{ name: m, type: ./bad.ts }']) });
      const message = await userErrorOf(loadConfig(path.join(dir, 'config.yaml')));
      expect(message).toMatch(/config\.yaml:4:\d+ strategies\[0\]\.type: \S*bad\.ts: /);
      expect(message).toMatch(expected);
      expect(message).not.toMatch(/\n\s+at /);
    });
  }

  it('a missing file names the path it was resolved to', async () => {
    const dir = study({ 'config.yaml': studyConfig('missing', ['{ name: m, type: ./nowhere.ts }']) });
    const message = await userErrorOf(loadConfig(path.join(dir, 'config.yaml')));
    expect(message).toContain(`nowhere.ts: file not found (${path.join(dir, 'nowhere.ts')})`);
  });

  // The line is the TypeScript source's in the CLI (test/cli/plugin-cli.test.ts); in here vitest's
  // own stack formatting leaves the transpiled one.
  it('a throw inside run, or a wrong number of targets, names the file (and the line)', async () => {
    const throwing = MOMENTUM_TS.replace('return { targetPositions: targets };', "if (bars.length > 10) throw new RangeError('lookback too long');\n      return { targetPositions: targets };");
    const short = MOMENTUM_TS.replace('return { targetPositions: targets };', 'return { targetPositions: targets.subarray(1) };');
    const dir = study({ 'throwing.ts': throwing, 'short.ts': short, 'a.yaml': studyConfig('a', ['{ name: m, type: ./throwing.ts }']), 'b.yaml': studyConfig('b', ['{ name: m, type: ./short.ts }']) });
    expect(await userErrorOf(runBacktest(path.join(dir, 'a.yaml')))).toMatch(/throwing\.ts: run threw: lookback too long \(at \S*throwing\.ts:\d+:\d+\)/);
    expect(await userErrorOf(runBacktest(path.join(dir, 'b.yaml')))).toMatch(/short\.ts: run returned 1258 target positions for 1259 bars/);
  });

  it('a config given as text resolves plug-ins against the folder it is given', async () => {
    const dir = study({ 'momentum.ts': MOMENTUM_TS });
    const loaded = await resolveConfigText(studyConfig('text', ['{ name: m, type: ./momentum.ts }']), 'inline.yaml', { baseDir: dir });
    expect(loaded.strategies[0].definition.type).toBe('momentum');
  });
});
