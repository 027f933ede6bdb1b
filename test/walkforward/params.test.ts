import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.ts';
import { UserError } from '../../src/core/errors.ts';
import { forecast } from '../../strategies/forecast.ts';
import { randomWalkBars } from '../helpers/bars.ts';
import { silentProgress } from '../../src/core/progress.ts';

/** A config whose first strategy is lstm-forecast with `params` spliced in (YAML flow mapping). */
function configText(params: string): string {
  return [
    'name: bad-input',
    // Absolute: the CLI tests below write this config into a temp folder (data.path is relative to the config's folder).
    `data: { source: csv, path: ${path.resolve(import.meta.dirname, '../../data/GOOG.csv')} }`,
    'strategies:',
    '  - name: lstm',
    '    type: lstm-forecast',
    `    params: ${params}`,
    '',
  ].join('\n');
}

function errorOf(work: () => unknown): UserError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

describe('lstm-forecast params: bad input names the field (and the YAML line)', () => {
  it('unknown feature', () => {
    const error = errorOf(() => parseConfig(configText('{ features: [{ name: rsi }, { name: momentum }], walkforward: { trainBars: 300, testBars: 50 } }'), 'c.yaml'));
    expect(error.message).toMatch(/^c\.yaml:6:\d+ strategies\[0\]\.params\.features\[1\]\.name: unknown feature "momentum"/);
  });

  it('lookback >= trainBars', () => {
    const error = errorOf(() => parseConfig(configText('{ lookback: 300, walkforward: { trainBars: 300, testBars: 50 } }'), 'c.yaml'));
    expect(error.message).toMatch(/strategies\[0\]\.params\.lookback: must be < walkforward\.trainBars \(300\)/);
  });

  it('purgeBars < target horizon', () => {
    const error = errorOf(() => parseConfig(configText('{ target: { horizon: 5 }, walkforward: { trainBars: 300, testBars: 50, purgeBars: 2 } }'), 'c.yaml'));
    expect(error.message).toMatch(/strategies\[0\]\.params\.walkforward\.purgeBars: must be >= target horizon \(5\)/);
  });

  it('unknown keys and bad enums are caught too', () => {
    const error = errorOf(() => parseConfig(configText('{ model: { type: gru, epoch: 3, recurrentActivation: relu } }'), 'c.yaml'));
    expect(error.message).toMatch(/strategies\[0\]\.params\.model\.epoch: unknown key "epoch"/);
    expect(error.message).toMatch(/strategies\[0\]\.params\.model\.recurrentActivation/);
  });

  it('an unknown model type lists the known ones', () => {
    const error = errorOf(() => parseConfig(configText('{ model: { type: tcn } }'), 'c.yaml'));
    expect(error.message).toMatch(/^c\.yaml:6:\d+ strategies\[0\]\.params\.model\.type: unknown model type "tcn"; known: lstm, gru, /);
  });

  it("a model block is checked against its own type's keys only", () => {
    // ridgeAlpha is linear's; an lstm block does not take it (it did when every type shared one flat schema).
    const error = errorOf(() => parseConfig(configText('{ model: { type: lstm, layers: [8], ridgeAlpha: 2 } }'), 'c.yaml'));
    expect(error.message).toMatch(/^c\.yaml:6:\d+ strategies\[0\]\.params\.model\.ridgeAlpha: unknown key "ridgeAlpha"$/);
    const linear = errorOf(() => parseConfig(configText('{ model: { type: linear, layers: [8] } }'), 'c.yaml'));
    expect(linear.message).toMatch(/^c\.yaml:6:\d+ strategies\[0\]\.params\.model\.layers: unknown key "layers"$/);
  });

  it('type-specific checks live with the type: lstm-gru needs 2 layers', () => {
    const error = errorOf(() => parseConfig(configText('{ model: { type: lstm-gru, layers: [8] } }'), 'c.yaml'));
    expect(error.message).toMatch(/strategies\[0\]\.params\.model\.layers: lstm-gru needs at least 2 layers/);
  });

  it('checks that need the window length: a conv stack that leaves no steps, in a model or an ensemble member', () => {
    const cnn = '{ type: cnn, filters: [4, 4], kernelSize: 5, padding: valid }';
    const error = errorOf(() => parseConfig(configText(`{ lookback: 8, model: ${cnn} }`), 'c.yaml'));
    expect(error.message).toMatch(/strategies\[0\]\.params\.model\.filters: the conv stack and pooling leave no steps of a 8-bar window/);
    const member = errorOf(() => parseConfig(configText(`{ lookback: 8, model: { type: ensemble, members: [{ type: linear }, ${cnn}] } }`), 'c.yaml'));
    expect(member.message).toMatch(/strategies\[0\]\.params\.model\.members\[1\]\.filters: the conv stack/);
    expect(() => parseConfig(configText(`{ lookback: 20, model: ${cnn} }`), 'c.yaml')).not.toThrow();
  });

  it("an ensemble member's bad key names the member; member-spread confidence needs an ensemble", () => {
    const error = errorOf(() => parseConfig(configText('{ model: { type: ensemble, members: [{ type: naive }, { type: transformer, head: 2 }] } }'), 'c.yaml'));
    expect(error.message).toMatch(/^c\.yaml:6:\d+ strategies\[0\]\.params\.model\.members\[1\]\.head: unknown key "head"$/);
    const spread = errorOf(() => parseConfig(configText('{ model: { type: linear }, signal: { minConfidence: 1, confidenceScale: member-spread } }'), 'c.yaml'));
    expect(spread.message).toMatch(/strategies\[0\]\.params\.signal\.confidenceScale: member-spread needs model\.type ensemble/);
  });

  it('lstm-forecast is an alias of forecast', () => {
    const loaded = parseConfig(configText('{ model: { type: naive } }'), 'c.yaml');
    expect(loaded.strategies[0].definition.type).toBe('forecast');
    expect(loaded.strategies[0].entry.type).toBe('lstm-forecast');
  });

  it('too few bars for one fold (known only when the data is loaded)', async () => {
    const params = forecast.params.parse({ walkforward: { trainBars: 300, testBars: 50 }, model: { type: 'naive' } });
    const strategy = forecast.create(params, {
      seed: 1,
      mode: 'long-only',
      engine: 'cpu',
      fused: false,
      workers: 1,
      progress: silentProgress,
    });
    await expect(strategy.run(randomWalkBars(250, 1))).rejects.toThrow(
      /^walkforward\.trainBars: one fold needs trainBars \(300\) \+ purgeBars \(1\) \+ 1 test bar = 302 bars; the data has 250/,
    );
    await expect(strategy.run(randomWalkBars(250, 1))).rejects.toBeInstanceOf(UserError);
  });

  it('a training window eaten by the feature warm-up and lookback', async () => {
    const params = forecast.params.parse({
      features: [{ name: 'macd-signal' }],
      lookback: 20,
      walkforward: { trainBars: 55, testBars: 20 },
      model: { type: 'linear' },
    });
    const strategy = forecast.create(params, { seed: 1, mode: 'long-only', engine: 'cpu', fused: false, workers: 1, progress: silentProgress });
    await expect(strategy.run(randomWalkBars(200, 1))).rejects.toThrow(/^walkforward\.trainBars: fold 0 has 3 training windows after the 33-bar feature warm-up and lookback 20/);
  });

  it('defaults fill a minimal entry: purgeBars = horizon, stepBars = testBars', () => {
    const params = forecast.params.parse({ target: { horizon: 3 }, walkforward: { trainBars: 300, testBars: 50 } });
    expect(params.model.type).toBe('lstm');
    expect(params.walkforward.scheme).toBe('expanding');
    expect(params.walkforward.purgeBars).toBeUndefined();
  });
});

describe('bad lstm-forecast input through the CLI exits 2 with the field named', () => {
  const cli = (...args: string[]) =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ['bin/walkforward.mjs', ...args], { timeout: 60_000 }, (error, _stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
  const dir = mkdtempSync(`${tmpdir()}/wf-params-`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = `${dir}/${name}`;
    writeFileSync(file, text);
    return file;
  };

  it('validate: purgeBars < horizon', async () => {
    const file = write('purge.yaml', configText('{ target: { horizon: 5 }, walkforward: { trainBars: 300, testBars: 50, purgeBars: 2 } }'));
    const result = await cli('validate', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/purge\.yaml:6:\d+ strategies\[0\]\.params\.walkforward\.purgeBars: must be >= target horizon \(5\)/);
  });

  it('backtest: too few bars for one fold', async () => {
    const text = configText('{ walkforward: { trainBars: 300, testBars: 50 }, model: { type: naive } }').replace(
      'data/GOOG.csv }',
      'data/GOOG.csv, start: 2012-01-01, end: 2012-06-30 }',
    );
    const file = write('short.yaml', text);
    const result = await cli('backtest', file, '--quiet', '--out', file.replace(/short\.yaml$/, 'out'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/walkforward\.trainBars: one fold needs .* = 302 bars; the data has \d+/);
  });
});
