// vitest globalSetup: compile the fused LSTM/GRU kernel if build/ lacks it or assembly/ is newer,
// so fused tests (and anything building models with fused layers) find build/fused-rnn.wasm.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default function setup(): void {
  const wasm = path.join(root, 'build', 'fused-rnn.wasm');
  const sourceDir = path.join(root, 'assembly');
  const newestSource = Math.max(
    ...readdirSync(sourceDir).map((name) => statSync(path.join(sourceDir, name)).mtimeMs),
    statSync(path.join(root, 'scripts', 'build-wasm.mjs')).mtimeMs,
  );
  const relaxed = path.join(root, 'build', 'fused-rnn-relaxed.wasm');
  const fresh = (file: string) => existsSync(file) && statSync(file).mtimeMs >= newestSource;
  if (fresh(wasm) && fresh(relaxed)) return;
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-wasm.mjs')], { stdio: 'inherit' });
}
