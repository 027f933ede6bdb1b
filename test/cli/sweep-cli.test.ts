import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { plantedSignalBars } from '../helpers/bars.ts';
import { freePort } from '../helpers/redis-server.ts';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'wf-sweep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/walkforward.mjs', ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const smaConfig = (name: string, sweep: string) => `name: ${name}
data: { source: csv, path: ${path.resolve('data/GOOG.csv')} }
broker: { cash: 10000, commission: 0.001 }
strategies:
  - { name: sma, type: sma-crossover, params: { fast: 10, slow: 30 } }
sweep:
${sweep}`;

describe('walkforward sweep', () => {
  it('runs a grid end to end: the report, sweep.json and the trial records; the summary on stderr', async () => {
    const config = write('grid.yaml', smaConfig('grid', '  grid: { sma.params.fast: [5, 10, 20], sma.params.slow: [50, 100] }\n  wfo: { trainBars: 504, testBars: 252 }\n'));
    const out = path.join(dir, 'out-grid');
    const result = await cli('sweep', config, '--out', out);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`report: ${out}/grid/report.html\nresults: ${out}/grid/sweep.json\ntrials: ${out}/grid/trials.jsonl\n`);
    expect(result.stderr).toMatch(/grid: 6 trials of sma over sma\.params\.fast, sma\.params\.slow, ranked by sharpe/);
    expect(result.stderr).toMatch(/deflated Sharpe of the best: \d\.\d{3} \(6 trials/);
    expect(result.stderr).toMatch(/PBO: \d\.\d{3} \(CSCV, 12870 splits\)/);
    const results = JSON.parse(readFileSync(path.join(out, 'grid', 'sweep.json'), 'utf8'));
    expect(results).toMatchObject({ kind: 'walkforward-sweep', version: 1, name: 'grid', executor: 'in process' });
    expect(results.trials).toHaveLength(6);
    const html = readFileSync(path.join(out, 'grid', 'report.html'), 'utf8');
    for (const id of ['verdict', 'wfo', 'ranking', 'stability', 'pbo', 'references']) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/<svg class="logits"/);
    // The page's own text (the inlined chart library before its scripts does use these words).
    expect(html.slice(0, html.indexOf('<script'))).not.toMatch(/NaN|undefined|null/);
    expect(readdirSync(path.join(out, 'grid')).sort()).toEqual(['plan.json', 'report.html', 'sweep.json', 'trials.jsonl']);
  }, 120_000);

  it('bad input: exit 2, the config node named, nothing written', async () => {
    const config = write('bad.yaml', smaConfig('bad', '  grid:\n    sma.params.fast: [5, -1]\n'));
    const out = path.join(dir, 'out-bad');
    const result = await cli('sweep', config, '--out', out, '--quiet');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`walkforward: ${config}:8:26 sweep.grid.sma.params.fast[1]: -1: Too small: expected number to be >=1\n`);
    expect(existsSync(out)).toBe(false);

    const port = await freePort();
    const good = write('good.yaml', smaConfig('good', '  grid: { sma.params.fast: [5, 10] }\n'));
    const unreachable = await cli('sweep', good, '--out', out, '--queue', `redis://127.0.0.1:${port}`);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(new RegExp(`--queue redis://127\\.0\\.0\\.1:${port}: cannot reach Redis \\(connect ECONNREFUSED`));
    expect(existsSync(out)).toBe(false);
    const notRedis = await cli('worker', '--queue', 'http://localhost:6379');
    expect(notRedis).toMatchObject({ code: 2, stderr: 'walkforward: --queue: expected redis://HOST:PORT, got "http://localhost:6379"\n' });
  }, 120_000);

  it('--resume after a kill runs only the trials not yet recorded', async () => {
    const bars = plantedSignalBars(420, 4);
    const csv = write('planted.csv', `Date,Open,High,Low,Close,Volume\n${bars.map((b) => `${b.date},${b.open},${b.high},${b.low},${b.close},${b.volume}`).join('\n')}\n`);
    const config = write(
      'killed.yaml',
      `name: killed
engine: wasm
workers: 1
data: { source: csv, path: ${csv} }
strategies:
  - name: lstm
    type: lstm-forecast
    params:
      features: [{ name: log-return }, { name: volume }]
      walkforward: { trainBars: 250, testBars: 100, validationFraction: 0 }
      lookback: 5
      model: { type: lstm, layers: [4], epochs: 2, batchSize: 32 }
sweep:
  grid: { lstm.params.model.layers: [[3], [4], [5], [6]] }
  wfo: { trainBars: 60, testBars: 40 }
  cscv: { partitions: 4 }
`,
    );
    const out = path.join(dir, 'out-killed');
    const records = path.join(out, 'killed', 'trials.jsonl');
    const trialLines = () => (existsSync(records) ? readFileSync(records, 'utf8').split('\n').filter((line) => line.includes('"kind":"trial"')) : []);
    const child = spawn('node', ['bin/walkforward.mjs', 'sweep', config, '--out', out, '--quiet'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 120_000;
    while (trialLines().length < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGKILL');
    await exited;
    const before = trialLines();
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before.length).toBeLessThan(4);

    const refused = await cli('sweep', config, '--out', out, '--quiet');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds an earlier sweep \(\d trials? finished\): --resume continues it/);

    const resumed = await cli('sweep', config, '--out', out, '--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`killed: resuming: ${before.length} of 4 trials already recorded`);
    expect(resumed.stderr).toContain(`killed: ${4 - before.length} trial${4 - before.length === 1 ? '' : 's'} to run`);
    const after = trialLines();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((line) => JSON.parse(line).trial).sort()).toEqual([0, 1, 2, 3]);
    expect(existsSync(path.join(out, 'killed', 'report.html'))).toBe(true);
  }, 240_000);
});
