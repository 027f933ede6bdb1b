import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { YahooDataConfig } from '../../../src/config/schema.ts';
import { UserError } from '../../../src/core/errors.ts';
import { loadYahooSeries, type LoadYahooOptions } from '../../../src/data/yahoo/load-yahoo.ts';
import { DEFAULT_RETRY_POLICY, NetworkFailure, createRetryingFetch, type RetryPolicy } from '../../../src/data/yahoo/retrying-fetch.ts';
import { createFakeYahoo, dnsError, loadChartFixture, type ScriptedFailure } from '../../fixtures/yahoo/fake-yahoo.ts';

const ACME = loadChartFixture('ACME-1d.json');
const config: YahooDataConfig = {
  source: 'yahoo', symbol: 'ACME', start: '2020-01-01', end: '2020-02-07', interval: '1d', adjust: 'splits', onInvalidRow: 'error',
};
/** Same shape as the default, scaled down so tests take milliseconds. */
const FAST: RetryPolicy = { maxAttempts: 4, baseDelayMs: 10, deadlineMs: 400, attemptTimeoutMs: 150 };

let cacheDir: string;
let warnings: string[];
beforeEach(() => {
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'wf-yahoo-net-'));
  warnings = [];
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

function load(failures: ScriptedFailure[], policy = FAST) {
  const fake = createFakeYahoo({ ACME }, failures);
  const options: LoadYahooOptions = {
    fetch: fake.fetch, cacheDir, now: () => new Date('2020-02-10T12:00:00Z'), retryPolicy: policy, warn: (m) => warnings.push(m),
  };
  return { fake, result: loadYahooSeries(config, options) };
}

describe('yahoo network failures', () => {
  it('a 429 then a 200: retried after a backoff, and the data arrives', async () => {
    const { fake, result } = load([429]);
    const [series] = await result;
    expect(series.bars).toHaveLength(25);
    expect(fake.calls).toHaveLength(2);
    expect(warnings).toEqual([expect.stringMatching(/ACME: HTTP 429 Too Many Requests; retrying in/)]);
  });

  it('5xx and DNS failures in a row are retried too', async () => {
    const { fake, result } = load([503, 'dns', 500]);
    await expect(result).resolves.toHaveLength(1);
    expect(fake.calls).toHaveLength(4);
  });

  it('gives up after maxAttempts with a UserError naming the symbol and the way out', async () => {
    const started = Date.now();
    const { fake, result } = load(['dns', 'dns', 'dns', 'dns', 'dns']);
    const error = await result.catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/Could not download ACME from Yahoo Finance: getaddrinfo ENOTFOUND query2\.finance\.yahoo\.com \(4 attempts/);
    expect(error.message).toMatch(/--offline/);
    expect(error.message).toMatch(/CSV/);
    expect(fake.calls).toHaveLength(4);
    // 10 + 20 + 40 ms of backoff: well under the deadline.
    expect(Date.now() - started).toBeLessThan(FAST.deadlineMs + 300);
  });

  it('a hanging network is cut at the deadline, not waited on forever', async () => {
    const started = Date.now();
    const { result } = load(['timeout', 'timeout', 'timeout', 'timeout']);
    await expect(result).rejects.toThrow(/ACME.*request timed out/);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(FAST.attemptTimeoutMs);
    expect(elapsed).toBeLessThan(FAST.deadlineMs + 300);
  });

  it('the default policy gives up within 6 s of the first attempt (virtual clock)', async () => {
    let clock = 0;
    const delays: number[] = [];
    const failing = (async () => {
      clock += 50; // each DNS failure takes 50 ms
      throw dnsError();
    }) as unknown as typeof fetch;
    const retrying = createRetryingFetch(failing, DEFAULT_RETRY_POLICY, {
      now: () => clock,
      sleep: async (ms) => {
        delays.push(ms);
        clock += ms;
      },
    });
    const error = await retrying('https://chart.example/v8/finance/chart/AAPL').catch((e) => e);
    expect(error).toBeInstanceOf(NetworkFailure);
    expect(delays).toEqual([500, 1000, 2000]);
    expect(error.attempts).toBe(4);
    expect(clock).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.deadlineMs);

    // Long Retry-After: no wait that would end past the deadline.
    clock = 0;
    delays.length = 0;
    const limited = (async () => new Response('slow down', { status: 429, headers: { 'retry-after': '30' } })) as unknown as typeof fetch;
    const error2 = await createRetryingFetch(limited, DEFAULT_RETRY_POLICY, { now: () => clock, sleep: async (ms) => void delays.push(ms) })('https://x/').catch((e) => e);
    expect(error2).toMatchObject({ name: 'NetworkFailure', status: 429, attempts: 1 });
    expect(delays).toEqual([]);
  });

  it('answers that are not transient (404) are not retried', async () => {
    const fake = createFakeYahoo({});
    const retrying = createRetryingFetch(fake.fetch, FAST);
    const response = await retrying('https://chart.example/v8/finance/chart/NOPE?period1=0&period2=1');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ chart: { error: { code: 'Not Found' } } });
    expect(fake.calls).toHaveLength(1);
  });
});
