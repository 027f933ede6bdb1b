// A worker does not inherit its parent's loader. Copied into dist/ by the build, this file sits
// beside the compiled fold-worker.js and loads it; in src/ it registers tsx and loads the TypeScript.
import { existsSync } from 'node:fs';

const compiled = new URL('./fold-worker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./fold-worker.ts');
}
