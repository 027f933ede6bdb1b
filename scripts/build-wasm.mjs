#!/usr/bin/env node
// Compile the fused LSTM/GRU kernel (assembly/*.ts, AssemblyScript) to build/fused-rnn.wasm.
// Runs from `npm run build:wasm` and from `prepare` during `npm ci`; the binary is never committed.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.join(root, 'build', 'fused-rnn.wasm');

let asc;
try {
  asc = (await import('assemblyscript/asc')).default;
} catch (error) {
  // Installs without devDependencies (npm ci --omit=dev) must not fail here: the fused engine is
  // then unavailable and its loader says how to build it.
  console.error(`build-wasm: skipped, the AssemblyScript compiler (devDependency "assemblyscript") is not installed: ${error.message.split('\n')[0]}`);
  process.exit(0);
}

await mkdir(path.dirname(outFile), { recursive: true });
const args = [
  path.join(root, 'assembly', 'index.ts'),
  '--outFile', outFile,
  '--textFile', path.join(root, 'build', 'fused-rnn.wat'),
  '--optimizeLevel', '3',
  '--shrinkLevel', '0',
  '--runtime', 'stub',
  '--noAssert',
  '--enable', 'simd',
  '--initialMemory', '16',
];
const started = Date.now();
const { error, stderr } = await asc.main(args);
if (error) {
  console.error(stderr.toString());
  console.error(`build-wasm: compilation failed: ${error.message}`);
  process.exit(1);
}
console.error(`build-wasm: wrote ${path.relative(root, outFile)} in ${Date.now() - started} ms`);
