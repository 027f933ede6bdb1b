import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Write several files so that either all of them appear complete or none changes: each is
 * written to a temp file beside its target first, and only renamed once every write succeeded.
 */
export function writeFilesAtomically(files: ReadonlyArray<{ path: string; content: string | Uint8Array }>): void {
  const temps: Array<{ temp: string; target: string }> = [];
  try {
    for (const file of files) {
      mkdirSync(path.dirname(file.path), { recursive: true });
      const temp = `${file.path}.${process.pid}.${Date.now()}.tmp`;
      temps.push({ temp, target: file.path });
      writeFileSync(temp, file.content);
    }
    for (const { temp, target } of temps) renameSync(temp, target);
  } catch (error) {
    for (const { temp } of temps) rmSync(temp, { force: true });
    throw error;
  }
}
