/**
 * Loading a million-row daily CSV (defect 2.3, data side): wall time and peak memory of
 * `loadCsvSeries` in a fresh process, next to a process that only starts and imports the loader.
 *
 *   npx tsx bench/load-million.ts              1,000,000 consecutive days from 1000-01-01
 *   npx tsx bench/load-million.ts --rows 2000000
 *
 * The file is written to a temp folder and removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, child: { type: 'string' }, 'import-only': { type: 'boolean', default: false } },
});

interface Measurement {
  bars: number;
  loadMs: number;
  maxRssMB: number;
  warnings: number;
}

/** Child: load the file (or only import the loader) and print what it cost. */
async function child(file: string, importOnly: boolean): Promise<void> {
  const { loadCsvSeries } = await import('../src/data/load-csv.ts');
  const started = performance.now();
  const series = importOnly ? undefined : loadCsvSeries(file);
  const measurement: Measurement = {
    bars: series?.bars.length ?? 0,
    loadMs: performance.now() - started,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    warnings: series?.warnings?.length ?? 0,
  };
  process.stdout.write(JSON.stringify(measurement));
}

/** A daily file like the shipped ones: consecutive calendar days, cents prices, a random walk. */
async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  let chunk = 'Date,Open,High,Low,Close,Adj Close,Volume\n';
  const day = new Date(Date.UTC(1000, 0, 1));
  let close = 100;
  let state = 12345;
  for (let k = 0; k < rows; k++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const open = close;
    // Mean-reverting around 100 so prices stay in cents for any length.
    close = Math.round(Math.max(1, close + (state / 2147483648 - 0.5) * 2 + (100 - close) * 0.01) * 100) / 100;
    const high = Math.max(open, close) + 0.1;
    const low = Math.max(0.01, Math.min(open, close) - 0.1);
    chunk += `${day.toISOString().slice(0, 10)},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${close.toFixed(2)},${1000 + (state % 100000)}\n`;
    day.setUTCDate(day.getUTCDate() + 1);
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  await new Promise<void>((resolve, reject) => out.end(chunk, () => resolve()).once('error', reject));
}

function measure(file: string, importOnly: boolean): Measurement {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', file, ...(importOnly ? ['--import-only'] : [])], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Measurement;
}

if (args.child) {
  await child(args.child, args['import-only']);
} else {
  const rows = Number(args.rows);
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-bench-million-'));
  try {
    const file = path.join(dir, 'million.csv');
    await writeCsv(file, rows);
    console.log(`node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`${rows} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB`);
    const baseline = measure(file, true);
    for (let run = 1; run <= 2; run++) {
      const loaded = measure(file, false);
      console.log(
        `run ${run}: loadCsvSeries ${loaded.loadMs.toFixed(0)} ms, ${loaded.bars} bars, ${loaded.warnings} warnings; ` +
          `peak RSS ${loaded.maxRssMB.toFixed(0)} MB (process that only imports the loader: ${baseline.maxRssMB.toFixed(0)} MB)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
