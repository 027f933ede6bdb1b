import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version in walkforward's package.json, found by walking up from this module (two folders
 * up from src/core, three from a compiled dist/src/core).
 */
export function packageVersion(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const json: unknown = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
      if (json && typeof json === 'object' && 'name' in json && json.name === 'walkforward' && 'version' in json) return String(json.version);
    } catch {
      /* no package.json here: look further up */
    }
    const parent = path.dirname(folder);
    if (parent === folder) return 'unknown';
    folder = parent;
  }
}
