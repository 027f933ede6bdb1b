#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` / `npm run build`) when no source file is newer
// than it; otherwise the TypeScript sources through tsx, so an edit to src/ is never run stale and
// needs no build step to take effect (it only starts slower until `npm run build`).
// WALKFORWARD_FROM_SOURCE=1 always runs the sources (debugging, the startup bench).
import { fileURLToPath } from 'node:url';
import { distStatus } from '../scripts/dist-status.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.env.WALKFORWARD_FROM_SOURCE !== '1' && distStatus(root).fresh) {
  // A TypeScript stand-in for the network (tests' WALKFORWARD_FETCH_MODULE) still needs tsx.
  if (process.env.WALKFORWARD_FETCH_MODULE?.endsWith('.ts')) (await import('tsx/esm/api')).register();
  await import('../dist/src/cli/main.js');
} else {
  (await import('tsx/esm/api')).register();
  await import('../src/cli/main.ts');
}
