#!/usr/bin/env node
// Compile the fused kernel (assembly/*.ts, AssemblyScript: recurrent layers, layer norm, matMul) to build/fused-rnn.wasm and
// build/fused-rnn-relaxed.wasm.
// Runs from `npm run build:wasm` and from `prepare` during `npm ci`; the binary is never committed.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let asc;
try {
  asc = (await import('assemblyscript/asc')).default;
} catch (error) {
  // Installs without devDependencies (npm ci --omit=dev) must not fail here: the fused engine is
  // then unavailable and its loader says how to build it.
  console.error(`build-wasm: skipped, the AssemblyScript compiler (devDependency "assemblyscript") is not installed: ${error.message.split('\n')[0]}`);
  process.exit(0);
}

await mkdir(path.join(root, 'build'), { recursive: true });

// Two builds of the same source: SIMD128 (runs everywhere) and relaxed SIMD (fused multiply-add,
// ASC_FEATURE_RELAXED_SIMD in the source), which the loader prefers where the engine accepts it.
const variants = [
  { file: 'fused-rnn.wasm', features: ['--enable', 'simd'] },
  { file: 'fused-rnn-relaxed.wasm', features: ['--enable', 'simd', '--enable', 'relaxed-simd'] },
];
for (const variant of variants) {
  const target = path.join(root, 'build', variant.file);
  const args = [
    path.join(root, 'assembly', 'index.ts'),
    '--outFile', target,
    '--textFile', target.replace(/\.wasm$/, '.wat'),
    '--optimizeLevel', '3',
    '--shrinkLevel', '0',
    '--runtime', 'stub',
    '--noAssert',
    ...variant.features,
    '--initialMemory', '16',
  ];
  const started = Date.now();
  const { error, stderr } = await asc.main(args);
  if (error) {
    console.error(stderr.toString());
    console.error(`build-wasm: compilation of ${variant.file} failed: ${error.message}`);
    process.exit(1);
  }
  console.error(`build-wasm: wrote ${path.relative(root, target)} in ${Date.now() - started} ms`);
}
