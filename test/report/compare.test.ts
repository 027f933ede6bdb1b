import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJson } from '../../src/core/json-text.ts';
import { mergeRuns } from '../../src/run/merge-runs.ts';
import { encodeResults } from '../../src/run/results-file.ts';
import type { RunResults } from '../../src/run/results.ts';
import { makeFixtureResults } from '../helpers/report-fixture.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/walkforward.mjs'), ...args], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('mergeRuns', () => {
  const a = makeFixtureResults({ bars: 300, ruleStrategies: 1, withModel: false });
  const b = { ...makeFixtureResults({ bars: 300, ruleStrategies: 2, withModel: true }), name: 'other' };
  b.conventions = { ...b.conventions, commissionRate: 0.002 };

  it('keeps an identical benchmark once, prefixes clashing names, uses the first run for bars', () => {
    const merged = mergeRuns([{ source: 'a.json', results: a }, { source: 'b.json', results: b }], { name: 'cmp', now: () => 0 });
    // a: buy-and-hold, sma-5-20; b: buy-and-hold (same bars: identical), sma-5-20 (same bars, same rule: identical), sma-10-35, lstm.
    expect(merged.strategies.map((s) => s.name)).toEqual(['buy-and-hold', 'sma-5-20', 'sma-10-35', 'lstm <test>']);
    expect(merged.bars).toBe(a.bars);
    expect(merged.benchmark).toBe('buy-and-hold');
    expect(merged.description).toMatch(/different costs/);
    expect(merged.strategies.every((s) => s.statistics === undefined)).toBe(true);
  });

  it('prefixes the run name when the same strategy name means different results', () => {
    const c = { ...makeFixtureResults({ bars: 300, ruleStrategies: 1, withModel: false, seed: 3 }), name: 'seed3' };
    const merged = mergeRuns([{ source: 'a.json', results: a }, { source: 'c.json', results: c }], { name: 'cmp' });
    expect(merged.strategies.map((s) => s.name)).toEqual(['fixture/buy-and-hold', 'fixture/sma-5-20', 'seed3/buy-and-hold', 'seed3/sma-5-20']);
  });
});

describe('walkforward compare', () => {
  let dir: string;
  let first: string;
  let second: string;
  let config: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'walkforward-compare-'));
    first = path.join(dir, 'first.json');
    mkdirSync(path.join(dir, 'second'));
    second = path.join(dir, 'second', 'results.json');
    writeFileSync(first, toJson(encodeResults(makeFixtureResults({ bars: 300, ruleStrategies: 1, withModel: true }))));
    writeFileSync(second, toJson(encodeResults({ ...makeFixtureResults({ bars: 300, ruleStrategies: 1, withModel: false, seed: 5 }), name: 'second' })));
    config = path.join(dir, 'small.yaml');
    writeFileSync(
      config,
      [
        'name: small',
        `data: { source: csv, path: ${path.join(ROOT, 'data', 'GOOG.csv')}, symbol: GOOG, start: 2010-01-01, end: 2011-12-31 }`,
        'strategies:',
        '  - { name: sma-5-20, type: sma-crossover, params: { fast: 5, slow: 20 } }',
        'benchmark: buy-and-hold',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('merges results files and a config into one report, --json for machines', async () => {
    const out = path.join(dir, 'out');
    // `second` is given as the folder holding its results.json, as `backtest` writes them.
    const result = await cli(['compare', first, path.dirname(second), config, '--out', out, '--name', 'side-by-side', '--json', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { runs: unknown[]; strategies: Array<{ name: string; statistics: { trials: number } }> };
    expect(summary.runs).toHaveLength(3);
    const names = summary.strategies.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['fixture/sma-5-20', 'second/sma-5-20', 'small/sma-5-20', 'lstm <test>']));
    for (const strategy of summary.strategies) expect(strategy.statistics.trials).toBe(names.length);
    const report = readFileSync(path.join(out, 'side-by-side', 'report.html'), 'utf8');
    for (const name of names) expect(report.includes(name.replace('<', '&lt;').replace('>', '&gt;'))).toBe(true);
    const merged = JSON.parse(readFileSync(path.join(out, 'side-by-side', 'results.json'), 'utf8')) as RunResults;
    expect(merged.strategies).toHaveLength(names.length);
  });

  it('rejects a missing or foreign file with exit 2 and its name', async () => {
    const out = path.join(dir, 'bad');
    const missing = await cli(['compare', path.join(dir, 'nope.json'), '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: file not found/);
    const foreign = await cli(['compare', path.join(ROOT, 'package.json'), '--out', out]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/package\.json: not a walkforward results\.json/);
    expect(existsSync(out)).toBe(false);
  });
});
