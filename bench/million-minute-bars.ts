/**
 * A million minute bars through the whole CLI: a CSV of New York regular-session minute bars
 * (09:30-16:00 wall-clock times without an offset, 390 a weekday, about ten years), a config with
 * `timezone: America/New_York`, an SMA crossover and buy & hold; `walkforward backtest` writes
 * results.json and report.html. Prints the wall time and peak memory of the whole process
 * (/usr/bin/time), what was detected, and the output sizes.
 *
 *   npx tsx bench/million-minute-bars.ts              1,000,000 bars
 *   npx tsx bench/million-minute-bars.ts --rows 200000
 *
 * Everything is written to a temp folder and removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SESSION_MINUTES = 390;

/** Minute bars on weekdays from 2010-01-04, 09:30 .. 15:59 New York wall-clock time, a mean-reverting walk in cents. */
async function writeMinuteCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  let chunk = 'Datetime,Open,High,Low,Close,Volume\n';
  const day = new Date(Date.UTC(2010, 0, 4));
  let close = 100;
  let state = 12345;
  let written = 0;
  const two = (n: number) => String(n).padStart(2, '0');
  while (written < rows) {
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      const date = day.toISOString().slice(0, 10);
      for (let minute = 0; minute < SESSION_MINUTES && written < rows; minute++, written++) {
        state = (state * 1103515245 + 12345) % 2147483648;
        const open = close;
        close = Math.round(Math.max(1, close + (state / 2147483648 - 0.5) * 0.2 + (100 - close) * 0.001) * 100) / 100;
        const high = Math.max(open, close) + 0.01;
        const low = Math.max(0.01, Math.min(open, close) - 0.01);
        const wall = 9 * 60 + 30 + minute;
        chunk += `${date} ${two(Math.floor(wall / 60))}:${two(wall % 60)}:00,${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${100 + (state % 1000)}\n`;
        if (chunk.length > 1 << 20) {
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          chunk = '';
        }
      }
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
  await new Promise<void>((resolve, reject) => out.end(chunk, () => resolve()).once('error', reject));
}

const rows = Number(args.rows);
const dir = mkdtempSync(path.join(tmpdir(), 'wf-bench-minutes-'));
try {
  const csv = path.join(dir, 'minutes.csv');
  await writeMinuteCsv(csv, rows);
  const config = path.join(dir, 'minutes.yaml');
  writeFileSync(
    config,
    [
      'name: minutes',
      `data: { source: csv, path: ${JSON.stringify(csv)}, symbol: MIN, timezone: America/New_York }`,
      'broker: { cash: 10000, commission: 0.0001 }',
      'benchmark: buy-and-hold',
      'strategies:',
      '  - { name: sma-10-30, type: sma-crossover, params: { fast: 10, slow: 30 } }',
      '',
    ].join('\n'),
  );
  console.log(`node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${rows} minute bars, ${(statSync(csv).size / 1e6).toFixed(1)} MB of CSV`);
  const out = path.join(dir, 'out');
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, path.join(ROOT, 'bin/walkforward.mjs'), 'backtest', config, '--out', out, '--quiet'], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  if (run.status !== 0) throw new Error(`backtest failed: ${run.stderr}`);
  const [wall, maxRssKb, user, sys] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  const resultsFile = path.join(out, 'minutes', 'results.json');
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const sma = results.strategies[0];
  console.log(
    `walkforward backtest: ${wall.toFixed(1)} s wall (${(user + sys).toFixed(1)} s CPU), peak RSS ${(maxRssKb / 1024).toFixed(0)} MB`,
  );
  console.log(
    `detected ${results.data.frequency.label} bars, ${results.data.frequency.barsPerDay} a day: ${results.conventions.periodsPerYear} periods a year; ` +
      `${results.data.start} .. ${results.data.end}; sma: ${sma.metrics.trades} trades, Sharpe ${sma.metrics.sharpe?.toFixed(2)}; ` +
      `results.json ${(statSync(resultsFile).size / 1e6).toFixed(0)} MB, report.html ${(statSync(path.join(out, 'minutes', 'report.html')).size / 1e6).toFixed(1)} MB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
