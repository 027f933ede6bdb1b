// Defects of issue 10, 2.5 and 2.10: what the config file itself may be, and where its data.path points.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOG_CSV, ROOT, STACK_OR_INTERNAL, cli, tempDirForFile } from './run-cli.ts';

const dir = tempDirForFile('wf-config-file-');

function expectConfigError(result: { code: number | null; stderr: string }, message: RegExp): void {
  expect(result.stderr).toMatch(message);
  expect(result.code).toBe(2);
  expect(result.stderr).not.toMatch(STACK_OR_INTERNAL);
}

describe('the config file', () => {
  it('a YAML alias bomb is a config error naming the file (exit 2), not an internal error', async () => {
    // Each level repeats the one below ten times: 10^9 strings if expanded.
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let k = 1; k < 9; k++) {
      const below = String.fromCharCode(96 + k);
      levels.push(`${String.fromCharCode(97 + k)}: &${String.fromCharCode(97 + k)} [${Array(10).fill(`*${below}`).join(',')}]`);
    }
    const file = path.join(dir, 'bomb.yaml');
    writeFileSync(file, `${levels.join('\n')}\nname: bomb\n`);
    expectConfigError(await cli(['validate', file]), /bomb\.yaml: YAML: .*alias/i);
    expectConfigError(await cli(['backtest', file, '--out', path.join(dir, 'out')]), /bomb\.yaml: YAML: .*alias/i);
  });

  it('a named pipe is refused before reading (reading it would wait forever)', async () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const result = await cli(['validate', fifo], { timeoutMs: 15_000 });
    expectConfigError(result, /pipe\.yaml: not a regular file \(a named pipe\)/);
  });

  it('a device (/dev/zero, endless) and a folder are refused', async () => {
    expectConfigError(await cli(['validate', '/dev/zero'], { timeoutMs: 15_000 }), /\/dev\/zero: not a regular file \(a device\)/);
    expectConfigError(await cli(['backtest', dir, '--out', path.join(dir, 'out')]), /: not a regular file \(a folder\)/);
  });

  it('a config larger than 4 MB is refused with its size', async () => {
    const file = path.join(dir, 'huge.yaml');
    writeFileSync(file, `# ${'x'.repeat(5 * 1024 * 1024)}\nname: huge\n`);
    expectConfigError(await cli(['validate', file]), /huge\.yaml: 5 MB; a config file may be at most 4 MB/);
  });
});

describe('data.path is relative to the config file\'s folder', () => {
  it('a study folder runs the same from any working folder', async () => {
    const study = path.join(dir, 'study');
    mkdirSync(path.join(study, 'data'), { recursive: true });
    writeFileSync(path.join(study, 'data', 'prices.csv'), execFileSync('head', ['-n', '400', GOOG_CSV]));
    const config = path.join(study, 'study.yaml');
    writeFileSync(config, 'name: study\ndata: { source: csv, path: data/prices.csv, symbol: GOOG }\nstrategies:\n  - { name: sma, type: sma-crossover, params: { fast: 5, slow: 20 } }\n');
    for (const cwd of [ROOT, study, path.dirname(dir)]) {
      const result = await cli(['validate', config], { cwd });
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/: ok — GOOG: 399 bars/);
    }
  });

  it('the shipped configs point at the shipped data from their own folder', async () => {
    const result = await cli(['validate', path.join(ROOT, 'configs', 'lstm-stacked-50.yaml')], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
