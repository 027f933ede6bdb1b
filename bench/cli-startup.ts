/**
 * `npm run bench:cli`: wall time of whole CLI processes (start-up included), the TypeScript
 * sources through tsx against the compiled dist/, side by side in one run (this machine's speed
 * drifts with the other work on it, so only figures from one run compare).
 *
 *   npm run bench:cli                         5 runs of each case, medians (and minima)
 *   npm run bench:cli -- --runs 9
 *   npm run bench:cli -- --baseline /tmp/old  adds a column: another checkout's bin/walkforward.mjs
 *
 * Cases: `--help`; `validate` of the default config (the seeds' LSTM; no training); a backtest of
 * a rule strategy (SMA crossover + buy-and-hold) on 5,000 daily bars, statistics and report included.
 * The variants take turns run by run, so drift hits them alike. Builds dist/ first if it is stale.
 * With /usr/bin/time, each cell also gives the median CPU time (user + sys) of the process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { distStatus } from '../scripts/dist-status.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Variant {
  label: string;
  bin: string;
  env: NodeJS.ProcessEnv;
}

interface Case {
  label: string;
  args: string[];
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, baseline: { type: 'string' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: expected a positive integer`);

const status = distStatus(ROOT);
if (!status.fresh) {
  process.stderr.write(`bench: ${status.reason}; building\n`);
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-dist.mjs')], { stdio: 'inherit' });
}

const work = mkdtempSync(path.join(tmpdir(), 'wf-bench-cli-'));
try {
  // 5,000 real daily bars (ORCL 1995..2014 ships 5,036) and configs with absolute data paths, so
  // any checkout (--baseline) reads them the same whatever its rule for relative paths.
  const lines = readFileSync(path.join(ROOT, 'data', 'ORCL-1995-2014.csv'), 'utf8').trim().split('\n');
  const csv = path.join(work, 'bars-5000.csv');
  writeFileSync(csv, `${lines.slice(0, 5001).join('\n')}\n`);
  const ruleConfig = path.join(work, 'rule-5000.yaml');
  writeFileSync(ruleConfig, `name: rule-5000\ndata: { source: csv, path: ${csv}, symbol: ORCL }\nstrategies:\n  - { name: sma-10-30, type: sma-crossover, params: { fast: 10, slow: 30 } }\nbenchmark: buy-and-hold\n`);
  const defaultConfig = path.join(work, 'default.yaml');
  writeFileSync(defaultConfig, readFileSync(path.join(ROOT, 'configs', 'default.yaml'), 'utf8').replace(/^(\s*path:).*$/m, `$1 ${path.join(ROOT, 'data', 'GOOG.csv')}`));

  const cases: Case[] = [
    { label: '--help', args: ['--help'] },
    { label: 'validate default.yaml', args: ['validate', defaultConfig] },
    { label: 'backtest rule-only, 5,000 bars', args: ['backtest', ruleConfig, '--out', path.join(work, 'out'), '--quiet'] },
  ];
  const bin = path.join(ROOT, 'bin', 'walkforward.mjs');
  const variants: Variant[] = [
    { label: 'tsx (src/)', bin, env: { WALKFORWARD_FROM_SOURCE: '1' } },
    { label: 'compiled (dist/)', bin, env: {} },
    ...(values.baseline ? [{ label: `baseline`, bin: path.join(path.resolve(values.baseline), 'bin', 'walkforward.mjs'), env: {} }] : []),
  ];

  // Wall time is what a user waits; CPU time (user + sys, from /usr/bin/time when present) is the
  // work itself, which the other load on a shared machine disturbs less.
  const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const timeOnce = (variant: Variant, benchCase: Case): { wallMs: number; cpuMs: number } => {
    const command = [process.execPath, variant.bin, ...benchCase.args];
    const started = process.hrtime.bigint();
    const result = timeBinary
      ? spawnSync(timeBinary, ['-f', 'cpu %U %S', ...command], { cwd: work, env: { ...process.env, ...variant.env }, encoding: 'utf8' })
      : spawnSync(command[0], command.slice(1), { cwd: work, env: { ...process.env, ...variant.env }, encoding: 'utf8' });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${variant.label} ${benchCase.args.join(' ')} exited ${result.status}: ${result.stderr}`);
    const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
    return { wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN };
  };
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };

  const loadBefore = loadavg()[0];
  const rows = cases.map((benchCase) => {
    const times = variants.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
    for (const variant of variants) timeOnce(variant, benchCase); // warm the file cache
    for (let r = 0; r < runs; r++) {
      variants.forEach((variant, v) => {
        const { wallMs, cpuMs } = timeOnce(variant, benchCase);
        times[v].wall.push(wallMs);
        times[v].cpu.push(cpuMs);
      });
    }
    const cell = (t: { wall: number[]; cpu: number[] }) =>
      `${median(t.wall).toFixed(0)} (${Math.min(...t.wall).toFixed(0)})` + (timeBinary ? ` cpu ${median(t.cpu).toFixed(0)}` : '');
    return { label: benchCase.label, cells: times.map(cell) };
  });

  const widths = [32, ...variants.map((v) => Math.max(v.label.length, timeBinary ? 22 : 14) + 2)];
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[i]))).join('');
  console.log(`walkforward CLI, whole process wall time in ms: median (min) of ${runs} runs${timeBinary ? '; cpu: median user+sys ms' : ''}`);
  console.log(`node ${process.version}, ${cpus().length} cores, load average ${loadBefore.toFixed(2)} -> ${loadavg()[0].toFixed(2)}`);
  console.log(line(['', ...variants.map((v) => v.label)]));
  for (const row of rows) console.log(line([row.label, ...row.cells]));
} finally {
  rmSync(work, { recursive: true, force: true });
}
