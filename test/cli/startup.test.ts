// Issue 10, section 4: the CLI loads tfjs, the wasm kernel and yahoo-finance2 only when a run needs
// them; bin/walkforward.mjs runs dist/ only when no source is newer than it.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distStatus } from '../../scripts/dist-status.mjs';
import { GOOG_CSV, ROOT, tempDirForFile } from './run-cli.ts';

const dir = tempDirForFile('wf-startup-');
// tfjs, the fused wasm kernel, the network kit and custom layers, the Yahoo client, date-fns' index
// (all ~300 of its modules) and its parse (~80, needed for non-ISO dates only).
const HEAVY = /@tensorflow|yahoo-finance2|\/models\/(fused|layers)\/|\/models\/(network-kit|train-network)|date-fns\/(index|parse)\.c?js/;

let runs = 0;
/** The module URLs a CLI run resolved (through the loader hook in fixtures/log-module-loads.mjs). */
function modulesLoadedBy(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; modules: string[] }> {
  const log = path.join(dir, `modules-${runs++}.log`);
  writeFileSync(log, '');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', path.join(import.meta.dirname, 'fixtures', 'log-module-loads.mjs'), path.join(ROOT, 'bin', 'walkforward.mjs'), ...args],
      { cwd: ROOT, env: { ...process.env, ...env, WF_MODULE_LOG: log }, stdio: 'ignore' },
    );
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) }));
  });
}

function writeConfig(name: string, strategy: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\ndata: { source: csv, path: ${GOOG_CSV}, start: 2009-01-01, end: 2011-12-31 }\nstrategies:\n${strategy}\n`);
  return file;
}

describe('modules load only when a command needs them', () => {
  it('--help, validate, rule or linear-model backtests, check and init load no tfjs, wasm kernel or Yahoo client', async () => {
    const rules = writeConfig('rules', '  - { name: sma, type: sma-crossover, params: { fast: 5, slow: 20 } }');
    const linear = writeConfig('linear', '  - { name: lin, type: lstm-forecast, params: { walkforward: { trainBars: 300, testBars: 100 }, model: { type: linear } } }');
    // Every forecaster's config is validated without loading tfjs (it loads when a network trains).
    const networks = writeConfig(
      'networks',
      ['transformer', 'attention-lstm', 'cnn'].map((type) => `  - { name: ${type}, type: forecast, params: { walkforward: { trainBars: 300, testBars: 100 }, model: { type: ${type} } } }`).join('\n'),
    );
    const commands = [
      ['--help'],
      ['validate', rules],
      ['validate', networks],
      ['backtest', rules, '--out', dir, '--quiet'],
      ['backtest', linear, '--out', dir, '--quiet'],
      ['check', rules, '--cuts', '2', '--quiet'],
      ['init', path.join(dir, 'study')],
      ['signal', linear, '--models', path.join(dir, 'models'), '--quiet'],
    ];
    for (const args of commands) {
      const { code, modules } = await modulesLoadedBy(args);
      expect(code, args.join(' ')).toBe(0);
      expect(modules.length, args.join(' ')).toBeGreaterThan(0);
      expect(modules.filter((url) => HEAVY.test(url)), args.join(' ')).toEqual([]);
    }
  }, 60_000);

  it('the check sees them when they are loaded (fetch loads the Yahoo client)', async () => {
    const cacheDir = path.join(dir, 'cache');
    const { code, modules } = await modulesLoadedBy(['fetch', 'ACME', '--from', '2020-01-01', '--to', '2020-02-07'], {
      WALKFORWARD_CACHE_DIR: cacheDir,
      WALKFORWARD_FETCH_MODULE: path.join(ROOT, 'test', 'fixtures', 'yahoo', 'acme-fetch.ts'),
    });
    expect(code).toBe(0);
    expect(modules.some((url) => /yahoo-finance2/.test(url))).toBe(true);
  }, 30_000);
});

describe('distStatus: dist/ runs only when no source is newer', () => {
  const root = path.join(dir, 'project');
  mkdirSync(path.join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(path.join(root, 'strategies'), { recursive: true });
  const source = path.join(root, 'src', 'cli', 'main.ts');
  writeFileSync(source, '');
  writeFileSync(path.join(root, 'strategies', 'index.ts'), '');
  const past = new Date(Date.now() - 60_000);
  utimesSync(source, past, past);
  utimesSync(path.join(root, 'strategies', 'index.ts'), past, past);

  it('not built: not fresh', () => {
    expect(distStatus(root)).toEqual({ fresh: false, reason: 'dist/ is not built (npm run build)' });
  });

  it('an installed copy (inside node_modules) is fresh once built, whatever the file times npm gave it', () => {
    const installed = path.join(dir, 'consumer', 'node_modules', 'walkforward');
    mkdirSync(path.join(installed, 'src'), { recursive: true });
    mkdirSync(path.join(installed, 'strategies'), { recursive: true });
    expect(distStatus(installed).fresh).toBe(false);
    mkdirSync(path.join(installed, 'dist'), { recursive: true });
    writeFileSync(path.join(installed, 'dist', '.build-stamp'), String(Date.now() - 30_000));
    writeFileSync(path.join(installed, 'src', 'index.ts'), '');
    expect(distStatus(installed)).toEqual({ fresh: true });
  });

  it('built after the last edit: fresh; a source edited since: not fresh, naming it', () => {
    mkdirSync(path.join(root, 'dist'), { recursive: true });
    writeFileSync(path.join(root, 'dist', '.build-stamp'), String(Date.now() - 30_000));
    expect(distStatus(root)).toEqual({ fresh: true });
    const now = new Date();
    utimesSync(source, now, now);
    expect(distStatus(root)).toEqual({ fresh: false, reason: `${path.join('src', 'cli', 'main.ts')} is newer than dist/ (npm run build)` });
  });
});
