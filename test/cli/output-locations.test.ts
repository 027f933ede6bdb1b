// Defects of issue 10, 2.2 and 2.4: where a run or a comparison may write, checked before any work.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputNameProblem } from '../../src/config/output-name.ts';
import { GOOG_CSV, STACK_OR_INTERNAL, cli, tempDirForFile } from './run-cli.ts';

const dir = tempDirForFile('wf-output-');

function writeConfig(file: string, name: string, dataPath = GOOG_CSV): string {
  const target = path.join(dir, file);
  writeFileSync(target, `name: "${name}"\ndata: { source: csv, path: ${dataPath}, start: 2010-01-01, end: 2010-12-31 }\nstrategies:\n  - { name: sma, type: sma-crossover, params: { fast: 5, slow: 20 } }\n`);
  return target;
}

describe('output names (config name: and compare --name): one rule', () => {
  it('refuses ., .. and names starting with a dot; accepts ordinary names', () => {
    for (const bad of ['.', '..', '.hidden', '../up', 'a/b', '']) expect(outputNameProblem(bad), bad).toMatch(/may not start with a dot/);
    for (const good of ['default', 'lstm-2x50', 'run_1.v2', 'a..b']) expect(outputNameProblem(good), good).toBeUndefined();
  });

  it('name: .. and name: . are config errors (exit 2) and nothing is written outside --out', async () => {
    for (const [file, name] of [['dotdot.yaml', '..'], ['dot.yaml', '.'], ['hidden.yaml', '.hidden']]) {
      const parent = path.join(dir, `parent-${file}`);
      const out = path.join(parent, 'out');
      mkdirSync(out, { recursive: true });
      const result = await cli(['backtest', writeConfig(file, name), '--out', out, '--quiet']);
      expect(result.stderr).toMatch(new RegExp(`${file.replace('.', '\\.')}:1:7 name: may hold letters, digits, _ . - only, and may not start with a dot`));
      expect(result.code).toBe(2);
      expect(readdirSync(parent, { recursive: true })).toEqual(['out']);
    }
  });

  it('compare --name .. is refused before anything is read or written', async () => {
    const out = path.join(dir, 'compare-dotdot', 'out');
    mkdirSync(out, { recursive: true });
    const result = await cli(['compare', writeConfig('cmp.yaml', 'cmp'), '--name', '..', '--out', out, '--quiet']);
    expect(result.stderr).toMatch(/--name "\.\.": may hold letters, digits, _ \. - only, and may not start with a dot/);
    expect(result.code).toBe(2);
    expect(readdirSync(path.dirname(out))).toEqual(['out']);
  });
});

describe('output locations are checked before any work', () => {
  it('backtest --out naming a file: exit 2 with a clear message, before the data is even read', async () => {
    const file = path.join(dir, 'not-a-folder.txt');
    writeFileSync(file, 'keep me');
    // The data file does not exist: a run that started working would fail on it instead.
    const result = await cli(['backtest', writeConfig('out-file.yaml', 'out-file', path.join(dir, 'absent.csv')), '--out', file, '--quiet']);
    expect(result.stderr).toMatch(new RegExp(`cannot write ${file}/out-file/results\\.json: ${file} is a file, not a folder`));
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(STACK_OR_INTERNAL);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('results.json or report.html being a folder, and the models folder being a file, are refused', async () => {
    const out = path.join(dir, 'blocked');
    mkdirSync(path.join(out, 'blocked-report', 'report.html'), { recursive: true });
    const report = await cli(['backtest', writeConfig('blocked-report.yaml', 'blocked-report', path.join(dir, 'absent.csv')), '--out', out]);
    expect(report.stderr).toMatch(/cannot write .*blocked-report\/report\.html: it is a folder/);
    expect(report.code).toBe(2);

    mkdirSync(path.join(out, 'models-run'), { recursive: true });
    writeFileSync(path.join(out, 'models-run', 'models'), 'a file');
    const config = writeConfig('models-run.yaml', 'models-run', path.join(dir, 'absent.csv'));
    writeFileSync(config, `${readFileSync(config, 'utf8')}saveModels: true\n`);
    const models = await cli(['backtest', config, '--out', out]);
    expect(models.stderr).toMatch(/cannot write into .*models-run\/models: it is a file, not a folder/);
    expect(models.code).toBe(2);
  });

  it('compare --out naming a file: exit 2 before the inputs are read', async () => {
    const file = path.join(dir, 'compare-target.txt');
    writeFileSync(file, 'keep me');
    const result = await cli(['compare', path.join(dir, 'missing-results.json'), '--out', file]);
    expect(result.stderr).toMatch(new RegExp(`cannot write ${file}/compare/results\\.json: ${file} is a file, not a folder`));
    expect(result.code).toBe(2);
    expect(existsSync(file)).toBe(true);
  });
});
