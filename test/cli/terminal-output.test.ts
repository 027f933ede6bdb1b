// Defects of issue 10, 2.1 and 2.10: what the commands print on the terminal.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/cli/format-number.ts';
import { GOOG_CSV, ROOT, STACK_OR_INTERNAL, cli, tempDirForFile } from './run-cli.ts';

const dir = tempDirForFile('wf-terminal-');

describe('formatNumber: one formatter for every figure on the terminal', () => {
  it('prints n/a for null, undefined, NaN and infinities', () => {
    expect(formatNumber(1.2345, 2)).toBe('1.23');
    expect(formatNumber(-3.21, 1, '%')).toBe('-3.2%');
    for (const missing of [null, undefined, Number.NaN, Infinity, -Infinity]) expect(formatNumber(missing, 2, '%')).toBe('n/a');
  });
});

describe('a strategy that never trades (no Sharpe ratio)', () => {
  // The naive forecaster predicts a zero return, so the threshold-0 signal never goes long.
  const config = path.join(dir, 'never.yaml');
  writeFileSync(
    config,
    [
      'name: never',
      `data: { source: csv, path: ${GOOG_CSV}, start: 2010-01-01, end: 2011-12-31 }`,
      'strategies:',
      '  - name: naive',
      '    type: lstm-forecast',
      '    params: { walkforward: { trainBars: 200, testBars: 100 }, lookback: 5, model: { type: naive } }',
    ].join('\n'),
  );
  const out = path.join(dir, 'out');

  it('backtest prints Sharpe n/a (not NaN) and the engine that ran', async () => {
    const result = await cli(['backtest', config, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/naive\s+return 0\.0%\s+Sharpe n\/a\s+max DD 0\.0%\s+trades 0/);
    expect(result.stderr).not.toMatch(/NaN/);
    expect(result.stderr).toMatch(/engine: none \(no model trained\)/);
  });

  it('compare of that run folder prints n/a instead of crashing on the null Sharpe', async () => {
    const results = JSON.parse(readFileSync(path.join(out, 'never', 'results.json'), 'utf8')) as { strategies: Array<{ name: string; metrics: { sharpe: number | null } }> };
    expect(results.strategies.find((s) => s.name === 'naive')!.metrics.sharpe).toBeNull();
    const result = await cli(['compare', path.join(out, 'never'), '--name', 'x', '--out', out]);
    expect(result.stderr).not.toMatch(STACK_OR_INTERNAL);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/naive\s+Sharpe n\/a\s+deflated Sharpe n\/a/);
  });
});

describe('warnings', () => {
  it('print on stderr even with --quiet (which silences progress only), and are recorded in results.json', async () => {
    const config = path.join(dir, 'warm.yaml');
    writeFileSync(config, `name: warm\ndata: { source: csv, path: ${GOOG_CSV}, start: 2010-01-01, end: 2010-06-30 }\nstrategies:\n  - { name: slow, type: sma-crossover, params: { fast: 10, slow: 400 } }\n`);
    const result = await cli(['backtest', config, '--out', path.join(dir, 'out'), '--quiet']);
    expect(result.code).toBe(0);
    const warning = /walkforward: warning: .*GOOG\.csv: strategy slow needs 400 bars before its first decision; the data has 124, so it never trades/;
    expect(result.stderr).toMatch(warning);
    expect(result.stderr.match(/walkforward: warning: .*strategy slow needs/g)).toHaveLength(1);
    const results = JSON.parse(readFileSync(path.join(dir, 'out', 'warm', 'results.json'), 'utf8')) as { warnings: Array<{ code: string }> };
    expect(results.warnings.map((w) => w.code)).toContain('warmup-exceeds-data');
    // validate reports the warnings a run would.
    const validated = await cli(['validate', config]);
    expect(validated.code).toBe(0);
    expect(validated.stderr).toMatch(warning);
  });
});

describe('--version and help', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await cli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it("backtest --help says the folder is named after the config's name:, and what --quiet keeps", async () => {
    const help = (await cli(['backtest', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/a folder named after the config's name: is made inside/);
    expect(help).toMatch(/no progress on stderr \(warnings and errors still print\)/);
  });
});
