import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { leftoversIn, removeRunTempDir, RUN_TMPDIR_ENV } from './temp-guard.ts';

describe('the temp-folder guard', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('finds what a test left behind, folders marked, tool caches ignored', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'guard-'));
    expect(leftoversIn(dir)).toEqual([]);
    mkdirSync(path.join(dir, 'tsx-0')); // tsx's own cache
    expect(leftoversIn(dir)).toEqual([]);
    mkdirSync(path.join(dir, 'wf-cli-abc123'));
    writeFileSync(path.join(dir, 'stray.txt'), 'x');
    expect(leftoversIn(dir)).toEqual(['stray.txt', 'wf-cli-abc123/']);
  });

  it('fails naming the leftovers, and removes the folder either way', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'guard-'));
    writeFileSync(path.join(dir, 'stray.txt'), 'x');
    expect(() => removeRunTempDir(dir!)).toThrow(/left 1 entry in the temp folder .*: stray\.txt\./);
    expect(existsSync(dir)).toBe(false);

    dir = mkdtempSync(path.join(tmpdir(), 'guard-'));
    mkdirSync(path.join(dir, 'tsx-0'));
    expect(() => removeRunTempDir(dir!)).not.toThrow();
    expect(existsSync(dir)).toBe(false);
  });

  it('is in force: this worker, a worker thread and a child process all use the run folder', async () => {
    const runDir = process.env[RUN_TMPDIR_ENV];
    expect(runDir, 'vitest.config.ts runs test/helpers/temp-guard.ts as a globalSetup').toBeTruthy();
    expect(tmpdir()).toBe(runDir);
    const child = execFileSync(process.execPath, ['-e', 'process.stdout.write(require("node:os").tmpdir())'], { encoding: 'utf8' });
    expect(child).toBe(runDir);
    const thread = await new Promise<string>((resolve, reject) => {
      const worker = new Worker('require("node:worker_threads").parentPort.postMessage(require("node:os").tmpdir())', { eval: true });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(thread).toBe(runDir);
  });
});
