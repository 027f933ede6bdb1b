// vitest globalSetup: every test run gets a private temp folder, and the run fails if any test
// leaves something in it. TMPDIR points there for the whole run, so os.tmpdir() in the test
// workers (they are forked after this setup), in their worker threads and in every child process
// they spawn (the CLI, the browser) resolves to it; the teardown lists what is left, removes the
// folder and fails the run when the list is not empty.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where the run's private temp folder is, for tests that check the guard is in place. */
export const RUN_TMPDIR_ENV = 'WALKFORWARD_TEST_TMPDIR';

/**
 * Caches that tools keep in the temp folder on purpose, not files a test made: tsx's transpile
 * cache (`tsx-<uid>`), written by every CLI child process (bin/walkforward.mjs runs on tsx).
 */
const TOOL_CACHES = [/^tsx-\d+$/];

/** What `dir` holds besides the tools' caches, sorted, folders marked with a trailing slash. */
export function leftoversIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !TOOL_CACHES.some((cache) => cache.test(name)))
    .map((name) => (statSync(path.join(dir, name), { throwIfNoEntry: false })?.isDirectory() ? `${name}/` : name))
    .sort();
}

/** Remove the run's temp folder; throw naming what the tests left in it, if anything. */
export function removeRunTempDir(dir: string): void {
  const left = leftoversIn(dir);
  rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(
      `the tests left ${left.length} ${left.length === 1 ? 'entry' : 'entries'} in the temp folder (${dir}, now removed): ${left.join(', ')}. ` +
        'Every test must remove what it makes (afterAll/afterEach/finally).',
    );
  }
}

export default function setup(): () => void {
  const saved = { TMPDIR: process.env.TMPDIR, [RUN_TMPDIR_ENV]: process.env[RUN_TMPDIR_ENV] };
  const runDir = mkdtempSync(path.join(tmpdir(), 'walkforward-tests-'));
  process.env.TMPDIR = runDir;
  process.env[RUN_TMPDIR_ENV] = runDir;
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    try {
      removeRunTempDir(runDir);
    } catch (error) {
      // vitest only logs errors thrown by a teardown; the exit code is what CI reads.
      process.exitCode = 1;
      throw error;
    }
  };
}
