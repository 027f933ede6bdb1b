// `walkforward init`: the scaffold runs end to end as written (npm start, npm run check).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { STACK_OR_INTERNAL, cli } from './run-cli.ts';

const parent = mkdtempSync(path.join(tmpdir(), 'wf-init-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));
const run = promisify(execFile);

describe('walkforward init', () => {
  it('makes a study whose npm start backtests the strategy template against baselines, and whose npm run check passes', async () => {
    const created = await cli(['init', 'my study'], { cwd: parent });
    expect(created.code, created.stderr).toBe(0);
    const folder = path.join(parent, 'my study');
    expect(created.stdout).toContain('created my study/: config.yaml, strategies/my-strategy.ts, data/GOOG.csv, README.md, package.json, .gitignore');
    expect(created.stdout).toMatch(/cd my study\n {2}npm start/);
    const config = readFileSync(path.join(folder, 'config.yaml'), 'utf8');
    expect(config).toMatch(/^name: my-study /m);
    expect(readFileSync(path.join(folder, 'README.md'), 'utf8')).toContain('reports/my-study/report.html');
    expect(readFileSync(path.join(folder, 'strategies', 'my-strategy.ts'), 'utf8')).toContain("from 'walkforward'");

    // As a user would: npm scripts in the folder (no node_modules there, no network).
    const started = await run('npm', ['start', '--silent'], { cwd: folder, timeout: 60_000 });
    expect(started.stdout).toContain('report: reports/my-study/report.html');
    const results = JSON.parse(readFileSync(path.join(folder, 'reports', 'my-study', 'results.json'), 'utf8'));
    expect(results.strategies.map((s: { name: string }) => s.name)).toEqual(['breakout', 'breakout-with-stop', 'sma-10-30', 'buy-and-hold']);
    expect(results.strategies[0].metrics.trades).toBeGreaterThan(10);
    expect(results.strategies[1].trades.some((t: { exitReason: string }) => t.exitReason === 'stop')).toBe(true);

    const checked = await run('npm', ['run', 'check', '--silent'], { cwd: folder, timeout: 60_000 });
    expect(checked.stdout).toMatch(/breakout \(\.\/strategies\/my-strategy\.ts, long-only\)\n {2}ok {4}no-look-ahead/);
    expect(checked.stdout).toMatch(/passed: 3 cases/);
  }, 120_000);

  it('--yahoo SYMBOL writes a Yahoo data block instead of copying the CSV', async () => {
    const created = await cli(['init', 'yahoo-study', '--yahoo', 'msft'], { cwd: parent });
    expect(created.code, created.stderr).toBe(0);
    const folder = path.join(parent, 'yahoo-study');
    expect(existsSync(path.join(folder, 'data'))).toBe(false);
    const loaded = await loadConfig(path.join(folder, 'config.yaml'));
    expect(loaded.config.data).toMatchObject({ source: 'yahoo', symbol: 'MSFT', start: '2015-01-01' });
    expect(loaded.strategies.map((s) => s.definition.type)).toEqual(['donchian-breakout', 'donchian-breakout', 'sma-crossover']);
  });

  it('never overwrites: a non-empty folder or a file is refused (exit 2)', async () => {
    mkdirSync(path.join(parent, 'taken'));
    writeFileSync(path.join(parent, 'taken', 'notes.txt'), 'mine');
    writeFileSync(path.join(parent, 'a-file'), '');
    for (const [target, expected] of [['taken', /taken: not empty/], ['a-file', /a-file: exists and is not a folder/]] as const) {
      const { code, stderr } = await cli(['init', target], { cwd: parent });
      expect(code).toBe(2);
      expect(stderr).toMatch(expected);
      expect(stderr).not.toMatch(STACK_OR_INTERNAL);
    }
    expect(readFileSync(path.join(parent, 'taken', 'notes.txt'), 'utf8')).toBe('mine');
  });
});
