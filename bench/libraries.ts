/**
 * Old vs new, side by side, in one run: each hand-written piece that section 7 / 5 replaced,
 * against what replaced it (the old code is kept in bench/baseline/ for this only).
 *
 *   npx tsx bench/libraries.ts            CSV splitting, distribution functions, SMA
 *   npx tsx bench/libraries.ts --rows 200000 --repeat 5
 *
 * Each figure is the fastest of --repeat runs (the machine may be shared); the load average is
 * printed so a busy machine shows. Nothing is written to disk.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { SMA } from 'technicalindicators';
import { parseCsv } from '../src/data/parse-csv.ts';
import { simpleMovingAverage } from '../src/features/sma.ts';
import * as newDistributions from '../src/metrics/distributions.ts';
import * as oldDistributions from './baseline/old-distributions.ts';
import { parseCsv as oldParseCsv } from './baseline/old-parse-csv.ts';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '500000' }, repeat: { type: 'string', default: '3' } },
});
const ROWS = Number(args.rows);
const REPEAT = Number(args.repeat);

/** Fastest of REPEAT runs, in ms (one untimed warm-up run first). */
function fastestMs(run: () => unknown): number {
  run();
  let best = Infinity;
  for (let r = 0; r < REPEAT; r++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function row(label: string, oldValue: string, newValue: string, note = ''): void {
  console.log(`${label.padEnd(34)} ${oldValue.padStart(14)} ${newValue.padStart(14)}  ${note}`);
}
const ms = (value: number) => `${value.toFixed(1)} ms`;
const ns = (value: number) => `${value.toFixed(0)} ns`;

/** A daily OHLCV file like the shipped ones, `rows` bars from 1000-01-01. */
function csvText(rows: number): string {
  const lines = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  const day = new Date(Date.UTC(1000, 0, 1));
  let close = 100;
  for (let k = 0; k < rows; k++) {
    const open = close;
    close = Math.round(close * (1 + 0.01 * Math.sin(k * 0.7) + 0.002 * Math.cos(k * 0.13)) * 100) / 100;
    const high = Math.max(open, close) + 0.1;
    const low = Math.min(open, close) - 0.1;
    lines.push(`${day.toISOString().slice(0, 10)},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${close.toFixed(2)},${1000 + (k % 977)}`);
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return `${lines.join('\n')}\n`;
}

function benchCsv(): void {
  const text = csvText(ROWS);
  console.log(`\nCSV splitting, ${ROWS} rows (${(text.length / 1e6).toFixed(1)} MB), all cells of every row visited`);
  row('', 'old splitter', 'papaparse');
  const oldMs = fastestMs(() => {
    let cells = 0;
    for (const record of oldParseCsv(text).rows) cells += record.cells.length;
    return cells;
  });
  const newMs = fastestMs(() => {
    let cells = 0;
    parseCsv(text, 'bench.csv', (record) => {
      cells += record.length;
    });
    return cells;
  });
  row('parse', ms(oldMs), ms(newMs), 'old one breaks records at quoted newlines');
  const quoted = text.replace(/,(\d+)\n/g, ',"$1"\n');
  const oldQuoted = fastestMs(() => oldParseCsv(quoted).rows.length);
  const newQuoted = fastestMs(() => parseCsv(quoted, 'bench.csv', () => {}));
  row('parse, last cell quoted', ms(oldQuoted), ms(newQuoted));
}

/** ns per call over a grid, old and new, plus their largest relative difference. */
function compareFunction(label: string, inputs: number[][], oldFn: (...a: number[]) => number, newFn: (...a: number[]) => number): void {
  let worst = 0;
  for (const input of inputs) {
    const a = oldFn(...input);
    const b = newFn(...input);
    if (Number.isFinite(a) && Number.isFinite(b) && a !== b) worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));
  }
  const time = (fn: (...a: number[]) => number) =>
    (fastestMs(() => {
      let sum = 0;
      for (const input of inputs) sum += fn(...input);
      return sum;
    }) * 1e6) / inputs.length;
  row(label, ns(time(oldFn)), ns(time(newFn)), `max relative difference ${worst.toExponential(1)}`);
}

/** ms to load the five stdlib packages in a fresh process (what a run pays once). */
function stdlibLoadMs(): number {
  const script =
    "const t=performance.now();const r=require('node:module').createRequire(process.cwd()+'/');" +
    "for (const p of ['stats-base-dists-normal-cdf','stats-base-dists-t-cdf','math-base-special-erfcinv','math-base-special-gammaln','math-base-special-betainc']) r('@stdlib/'+p);" +
    'process.stdout.write(String(performance.now()-t))';
  let best = Infinity;
  for (let r = 0; r < REPEAT; r++) best = Math.min(best, Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout));
  return best;
}

function benchDistributions(): void {
  console.log('\nDistribution functions, per call (grids below), and the one-time load of the packages');
  row('', 'hand-written', 'stdlib');
  const xs = Array.from({ length: 20000 }, (_, k) => [-12 + (24 * k) / 20000]);
  const ps = Array.from({ length: 20000 }, (_, k) => [(k + 0.5) / 20000]);
  const ts = Array.from({ length: 20000 }, (_, k) => [-8 + (16 * k) / 20000, [1, 2.5, 5, 30, 250, 1e4, 1e6][k % 7]]);
  const gammas = Array.from({ length: 20000 }, (_, k) => [0.01 + k * 0.05]);
  compareFunction('normalCdf', xs, oldDistributions.normalCdf, newDistributions.normalCdf);
  compareFunction('normalInverseCdf', ps, oldDistributions.normalInverseCdf, newDistributions.normalInverseCdf);
  compareFunction('studentTCdf (df 1 .. 1e6)', ts, oldDistributions.studentTCdf, newDistributions.studentTCdf);
  compareFunction('logGamma', gammas, oldDistributions.logGamma, newDistributions.logGamma);
  row('load (fresh process, once)', '0 ms', ms(stdlibLoadMs()), '5 packages, ~650 CommonJS files; loaded on first call');
}

function benchSma(): void {
  console.log('\nSimple moving average of 1,000,000 values');
  row('', 'technicalind.', 'exact (ours)');
  const values = Array.from({ length: 1_000_000 }, (_, k) => Math.round(10000 + 3000 * Math.sin(k * 0.001) + 50 * Math.sin(k * 0.9)) / 100);
  for (const period of [10, 30, 200]) {
    const oldMs = fastestMs(() => SMA.calculate({ period, values }).length);
    const newMs = fastestMs(() => simpleMovingAverage(values, period).length);
    row(`period ${period}`, ms(oldMs), ms(newMs));
  }
  const quarter = values.slice(0, 250_000);
  row('250,000 values, period 30', ms(fastestMs(() => SMA.calculate({ period: 30, values: quarter }).length)), ms(fastestMs(() => simpleMovingAverage(quarter, 30).length)));
}

console.log(`node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, fastest of ${REPEAT}`);
benchCsv();
benchDistributions();
benchSma();
