import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** walkforward's package.json, found by walking up from this module. */
function findPackage(): { root: string; version: string } | undefined {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const json: unknown = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
      if (json && typeof json === 'object' && 'name' in json && json.name === 'walkforward' && 'version' in json) return { root: folder, version: String(json.version) };
    } catch {
      /* no package.json here: look further up */
    }
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** The version in walkforward's package.json: it sits two folders up in src/core and three in dist/src/core. */
export function packageVersion(): string {
  return findPackage()?.version ?? 'unknown';
}

/** The folder walkforward is installed in (its shipped data/ and templates are there). */
export function packageRoot(): string {
  const found = findPackage();
  if (!found) throw new Error('walkforward: cannot find its own package.json above ' + fileURLToPath(import.meta.url));
  return found.root;
}
