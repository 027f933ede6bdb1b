import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFilesAtomically } from '../../src/core/write-atomic.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wf-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFilesAtomically: all files or none', () => {
  it('writes every file, creating folders', () => {
    const a = path.join(dir, 'run', 'results.json');
    const b = path.join(dir, 'run', 'report.html');
    writeFilesAtomically([{ path: a, content: '{}' }, { path: b, content: new TextEncoder().encode('<html>') }]);
    expect(readFileSync(a, 'utf8')).toBe('{}');
    expect(readFileSync(b, 'utf8')).toBe('<html>');
    expect(readdirSync(path.join(dir, 'run')).sort()).toEqual(['report.html', 'results.json']);
  });

  it('when a later file cannot be written, earlier targets keep their old content and no temp file is left', () => {
    const a = path.join(dir, 'results.json');
    writeFileSync(a, 'old');
    // A folder path that is a file: the second write fails after the first temp file exists.
    writeFileSync(path.join(dir, 'blocker'), '');
    const b = path.join(dir, 'blocker', 'report.html');
    expect(() => writeFilesAtomically([{ path: a, content: 'new' }, { path: b, content: 'x' }])).toThrow();
    expect(readFileSync(a, 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['blocker', 'results.json']);
  });
});
