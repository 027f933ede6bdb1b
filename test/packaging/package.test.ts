// The package as a user gets it: npm pack, installed into an empty folder outside the repository
// (offline, from the npm cache `npm ci` filled), then the README's library example as written, a
// config with a user strategy file, `check`, `init`, the shipped types and the results schema.
//
// The tarball is packed from a staged copy with dist/ as the current sources build it (the fresh
// dist/ copied, or build-dist --into when a source is newer), so the test never packs a stale
// dist/ and never rebuilds the dist/ the other tests run.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distStatus } from '../../scripts/dist-status.mjs';
import { MOMENTUM_TS, PEEKING_TS } from '../helpers/study-folder.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const execFileAsync = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'wf-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const project = path.join(work, 'project');

/** npm and npx never reach the network here: everything comes from the cache. */
const OFFLINE_ENV = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a command; its exit code and output, whatever the code. */
async function run(command: string, args: string[], cwd: string, timeout = 120_000): Promise<Ran> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd, env: OFFLINE_ENV, timeout, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The first ts block after a README marker (`<!-- name`), and the sh line after it if any. */
function readmeBlock(marker: string): { code: string; command?: string[] } {
  const at = README.indexOf(`<!-- ${marker}`);
  const after = README.slice(at);
  const code = /```ts\n([^]*?)```/.exec(after)?.[1];
  if (at < 0 || !code) throw new Error(`README.md: no \`\`\`ts block after <!-- ${marker}`);
  const command = /```ts\n[^]*?```\s*```sh\n([^\n#]*?)\s*(?:#[^\n]*)?\n/.exec(after)?.[1];
  return { code, command: command?.trim().split(/\s+/) };
}

/** The README's library example and the command it says runs it. */
function readmeExample(): { code: string; command: string[] } {
  const { code, command } = readmeBlock('library-example');
  if (!command) throw new Error('README.md: the library example has no ```sh line after it');
  return { code, command };
}

/**
 * A lockfile for a project depending on the tarball: the repository's own entries for walkforward's
 * dependencies (not its dev ones), so npm resolves nothing online and takes every package from
 * the cache by its integrity.
 */
function projectLock(tarball: string): object {
  const repoLock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const self = repoLock.packages[''];
  const packages: Record<string, unknown> = {
    '': { name: 'project', version: '1.0.0', dependencies: { walkforward: `file:${tarball}` } },
    'node_modules/walkforward': {
      version: self.version,
      resolved: `file:${tarball}`,
      license: self.license,
      dependencies: self.dependencies,
      optionalDependencies: self.optionalDependencies,
      bin: self.bin,
      engines: self.engines,
    },
  };
  for (const [key, entry] of Object.entries<{ dev?: boolean }>(repoLock.packages)) if (key !== '' && !entry.dev) packages[key] = entry;
  return { name: 'project', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

const timings: Record<string, number> = {};

beforeAll(async () => {
  const started = Date.now();
  // Stage what npm would pack (package.json's files), minus dist/, and build dist/ there from these sources.
  const stage = path.join(work, 'stage');
  const dryRun = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
  expect(dryRun.code, dryRun.stderr).toBe(0);
  const files: Array<{ path: string }> = JSON.parse(dryRun.stdout)[0].files;
  for (const file of files.filter((f) => !f.path.startsWith('dist/'))) {
    mkdirSync(path.dirname(path.join(stage, file.path)), { recursive: true });
    cpSync(path.join(ROOT, file.path), path.join(stage, file.path));
  }
  if (distStatus(ROOT).fresh) {
    cpSync(path.join(ROOT, 'dist'), path.join(stage, 'dist'), { recursive: true }); // what `npm ci` just built
  } else {
    const built = await run(process.execPath, [path.join(ROOT, 'scripts', 'build-dist.mjs'), '--into', stage], ROOT);
    expect(built.code, built.stderr).toBe(0);
  }
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage);
  expect(packed.code, packed.stderr).toBe(0);
  const tarball = JSON.parse(packed.stdout)[0].filename;
  timings.packMs = Date.now() - started;

  const installStarted = Date.now();
  mkdirSync(project);
  cpSync(path.join(work, tarball), path.join(project, tarball));
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'project', version: '1.0.0', private: true, type: 'module', dependencies: { walkforward: `file:${tarball}` } }, null, 2));
  writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(projectLock(tarball), null, 2));
  // No install scripts: the package ships its build, and tfjs-node's script would download a binary.
  const installed = await run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], project, 300_000);
  expect(installed.code, installed.stderr).toBe(0);
  timings.installMs = Date.now() - installStarted;
}, 420_000);

afterAll(() => {
  console.log(`packaging: pack ${(timings.packMs / 1000).toFixed(1)} s, install ${(timings.installMs / 1000).toFixed(1)} s`);
});

describe('the packed package, installed into an empty folder (offline)', () => {
  it('ships the compiled library, its type declarations, the wasm kernel, the data and the schema; no tests', () => {
    const installed = path.join(project, 'node_modules', 'walkforward');
    for (const file of ['dist/src/api/index.js', 'dist/src/api/index.d.ts', 'dist/.build-stamp', 'build/fused-rnn.wasm', 'data/GOOG.csv', 'schema/results-v2.schema.json', 'bin/walkforward.mjs']) {
      expect(existsSync(path.join(installed, file)), file).toBe(true);
    }
    expect(readdirSync(installed)).not.toContain('test');
    expect(readdirSync(installed)).not.toContain('node_modules');
  });

  it('runs the README example as written, and the example type-checks against the shipped declarations', async () => {
    const { code, command } = readmeExample();
    writeFileSync(path.join(project, 'backtest.ts'), code);
    writeFileSync(path.join(project, 'knn-example.ts'), readmeBlock('forecaster-example').code);
    const started = Date.now();
    const ran = await run(command[0], command.slice(1), project);
    timings.exampleMs = Date.now() - started;
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^momentum-20 return -?\d+\.\d% Sharpe -?\d+\.\d\d$/m);
    expect(ran.stdout).toMatch(/^buy-and-hold return/m);
    expect(readFileSync(path.join(project, 'report.html'), 'utf8')).toContain('momentum-20');

    // tsc of the repository, with only the project's own node_modules to resolve walkforward (and node's types).
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, typeRoots: [path.join(ROOT, 'node_modules', '@types')], types: ['node'] },
        files: ['backtest.ts', 'knn-example.ts'],
      }),
    );
    const typed = await run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
    expect(typed.stdout + typed.stderr).toBe('');
    expect(typed.code).toBe(0);
  }, 180_000);

  it('a config with a user strategy file and the README\'s forecaster file runs through npx walkforward backtest; check passes them and fails a peeking one', async () => {
    writeFileSync(path.join(project, 'momentum.ts'), MOMENTUM_TS);
    writeFileSync(path.join(project, 'peek.ts'), PEEKING_TS);
    mkdirSync(path.join(project, 'models'));
    writeFileSync(path.join(project, 'models', 'knn.ts'), readmeBlock('forecaster-example').code);
    writeFileSync(
      path.join(project, 'config.yaml'),
      [
        'name: plug',
        'data: { source: csv, path: node_modules/walkforward/data/GOOG.csv }',
        'strategies:',
        '  - { name: mom, type: ./momentum.ts, params: { lookback: 30 } }',
        '  - { name: knn, type: lstm-forecast, params: { features: [{ name: log-return }, { name: volume }], walkforward: { trainBars: 500, testBars: 250 }, model: { type: ./models/knn.ts, k: 15 } } }',
        '  - { name: sma, type: sma-crossover }',
        '',
      ].join('\n'),
    );
    const backtest = await run('npx', ['walkforward', 'backtest', 'config.yaml', '--quiet'], project);
    expect(backtest.code, backtest.stderr).toBe(0);
    expect(backtest.stdout).toContain('report: reports/plug/report.html');
    const results = JSON.parse(readFileSync(path.join(project, 'reports', 'plug', 'results.json'), 'utf8'));
    expect(results.strategies[0]).toMatchObject({ name: 'mom', type: './momentum.ts' });
    expect(results.strategies[1].model.modelType).toBe('knn');

    const knnChecked = await run('npx', ['walkforward', 'check', 'models/knn.ts', '--mode', 'long-only', '--cuts', '3', '--quiet'], project);
    expect(knnChecked.code, knnChecked.stdout + knnChecked.stderr).toBe(0);
    expect(knnChecked.stdout).toMatch(/ok {4}planted-signal: learns/);
    const passed = await run('npx', ['walkforward', 'check', 'momentum.ts', '--quiet'], project);
    expect(passed.code, passed.stderr).toBe(0);
    const failed = await run('npx', ['walkforward', 'check', 'peek.ts', '--quiet'], project);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAIL {2}no-look-ahead: .* changed the decision at bar \d+ \(\d{4}-\d\d-\d\d\)/);

    // The results file validates against the schema the package exports.
    const schemaCheck = await run(process.execPath, ['--input-type=module', '-e', "import schema from 'walkforward/results.schema.json' with { type: 'json' }; console.log(schema.$id)"], project);
    expect(schemaCheck.stdout.trim()).toBe('urn:walkforward:results:v2');
  }, 180_000);

  it('walkforward init makes a study inside the project whose npm start runs with the installed copy', async () => {
    const created = await run('npx', ['walkforward', 'init', 'study'], project);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(project, 'study', 'package.json'), 'utf8')).scripts.start).toBe('walkforward backtest config.yaml');
    const started = await run('npm', ['start', '--silent'], path.join(project, 'study'));
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain('report: reports/study/report.html');
  }, 120_000);
});
