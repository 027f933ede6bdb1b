import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test', 'fixtures', 'yahoo');

let cacheDir: string;
beforeEach(() => {
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'wf-yahoo-cli-'));
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

/** Run the real CLI with a fetch module standing in for the network. */
function cli(args: string[], fetchModule: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'walkforward.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, WALKFORWARD_CACHE_DIR: cacheDir, WALKFORWARD_FETCH_MODULE: path.join(fixtures, fetchModule) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

describe('walkforward fetch / data ls', () => {
  it('without network: exits 2 within 10 s, naming the symbol and suggesting --offline or CSV', async () => {
    const run = await cli(['fetch', 'AAPL'], 'dns-failing-fetch.ts');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/walkforward: Could not download AAPL from Yahoo Finance: getaddrinfo ENOTFOUND/);
    expect(run.stderr).toMatch(/--offline/);
    expect(run.stderr).toMatch(/CSV/);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(run.ms).toBeLessThan(10_000);
  }, 20_000);

  it('fills the cache, prints a summary per symbol, and data ls lists it', async () => {
    const fetched = await cli(['fetch', 'acme', '--from', '2020-01-01', '--to', '2020-02-07'], 'acme-fetch.ts');
    expect(fetched.stderr).toBe('');
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toMatch(/^ACME 1d: 25 rows 2020-01-02\.\.2020-02-07, 0 gaps > 4 days, 1 splits, 2 dividends, 0 invalid bars; downloaded \(1 request\)/);
    const again = await cli(['fetch', 'ACME', '--from', '2020-01-13', '--to', '2020-01-24'], 'dns-failing-fetch.ts');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/ACME 1d: 9 rows 2020-01-13\.\.2020-01-24, .*from cache/);
    const listed = await cli(['data', 'ls'], 'dns-failing-fetch.ts');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ACME\s+1d\s+25\s+2020-01-01\s+\d{4}-\d{2}-\d{2}\s.*ok$/m);
  }, 30_000);

  it('tries every symbol, network failures included: reports each, exit 2 naming the failed ones', async () => {
    const run = await cli(['fetch', 'AAPL', 'MSFT'], 'dns-failing-fetch.ts');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/walkforward: Could not download AAPL from Yahoo Finance/);
    expect(run.stderr).toMatch(/walkforward: Could not download MSFT from Yahoo Finance/);
    expect(run.stderr).toMatch(/walkforward: fetch failed for 2 of 2 symbols: AAPL, MSFT/);
    expect(run.stderr).not.toMatch(/at .*:\d+:\d+/);
  }, 30_000);

  it('a failing symbol does not stop the ones after it', async () => {
    const run = await cli(['fetch', 'NOPE', 'ACME', '--from', '2020-01-01', '--to', '2020-02-07'], 'acme-fetch.ts');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/NOPE/);
    expect(run.stdout).toMatch(/^ACME 1d: 25 rows/m);
    expect(run.stderr).toMatch(/fetch failed for 1 of 2 symbols: NOPE$/m);
  }, 30_000);

  it('rejects a bad date with exit 2', async () => {
    const run = await cli(['fetch', 'ACME', '--from', '2020-13-45'], 'dns-failing-fetch.ts');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--from: expected a date YYYY-MM-DD/);
  }, 20_000);
});
