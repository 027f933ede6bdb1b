// Whether dist/ (the compiled CLI) may be run: it exists and no source file is newer than the
// build. Shared by bin/walkforward.mjs (which falls back to tsx otherwise), the build and the bench.
// Cost: one stat per source file (~125), a few ms.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Folders compiled into dist/ (tsconfig.build.json's include). */
export const SOURCE_DIRS = ['src', 'strategies'];
/** Written last by the build: the build's start time in ms since the epoch. */
export const STAMP_FILE = '.build-stamp';

/** `{ fresh: true }`, or `{ fresh: false, reason }` naming the first source newer than the build (or that there is none). */
export function distStatus(root) {
  let builtAtMs;
  try {
    builtAtMs = Number(readFileSync(path.join(root, 'dist', STAMP_FILE), 'utf8'));
  } catch {
    return { fresh: false, reason: 'dist/ is not built (npm run build)' };
  }
  // An installed copy (in a node_modules folder) holds what npm pack packed: dist/ built from the
  // src/ beside it. npm gives every extracted file the time of extraction, so comparing times
  // would call it stale; nobody edits it in place.
  if (path.basename(path.dirname(path.resolve(root))) === 'node_modules') return { fresh: true };
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (statSync(file).mtimeMs > builtAtMs) return { fresh: false, reason: `${path.relative(root, file)} is newer than dist/ (npm run build)` };
    }
  }
  return { fresh: true };
}
