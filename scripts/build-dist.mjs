#!/usr/bin/env node
// Compile src/ and strategies/ to JavaScript in dist/ (tsconfig.build.json), so the CLI starts
// without transpiling every file through tsx. Runs from `npm run build` and from `prepare` during
// `npm ci`; dist/ is never committed. Non-TypeScript files the code reads beside itself (the
// report's client script and styles, the fold worker's bootstrap) are copied. The wasm kernel
// stays in build/ (src/models/fused/wasm-kernel.ts finds it from either layout).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_DIRS, STAMP_FILE } from './dist-status.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--into DIR` builds DIR/dist from this checkout's sources instead of ./dist (the packaging test
// packs a staged copy, leaving the dist/ other tests run untouched).
const intoFlag = process.argv.indexOf('--into');
const outRoot = intoFlag >= 0 ? path.resolve(process.argv[intoFlag + 1]) : root;
const startedMs = Date.now();

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // Installs without devDependencies (npm ci --omit=dev): bin/walkforward.mjs runs the sources through tsx.
  console.error('build-dist: skipped, the TypeScript compiler (devDependency "typescript") is not installed');
  process.exit(0);
}

// Build beside dist/ and swap at the end: a failed build leaves the old dist/ (stale, so unused).
const partial = path.join(outRoot, 'dist.partial');
rmSync(partial, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', partial], { cwd: root, stdio: 'inherit' });
} catch {
  rmSync(partial, { recursive: true, force: true });
  console.error('build-dist: tsc failed; bin/walkforward.mjs will run the sources through tsx');
  process.exit(1);
}
let copied = 0;
for (const dir of SOURCE_DIRS) {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
    const from = path.join(entry.parentPath, entry.name);
    const to = path.join(partial, path.relative(root, from));
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
    copied++;
  }
}
// stdlib's five distribution packages are ~650 small CommonJS files: resolving and loading them
// one by one cost ~60-80 ms of every backtest's start. One bundle of them (esbuild, which tsx
// brings) loads in a few ms; src/metrics/distributions.ts takes it when it sits in dist/.
const { buildSync } = await import(createRequire(createRequire(import.meta.url).resolve('tsx')).resolve('esbuild'));
buildSync({
  stdin: {
    contents: ['normalCdf: stats-base-dists-normal-cdf', 'studentTCdf: stats-base-dists-t-cdf', 'erfcinv: math-base-special-erfcinv', 'gammaln: math-base-special-gammaln', 'betainc: math-base-special-betainc']
      .map((line) => line.split(': '))
      .reduce((text, [name, pkg]) => `${text}exports.${name} = require('@stdlib/${pkg}');\n`, ''),
    resolveDir: root,
    loader: 'js',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: path.join(partial, 'vendor', 'stdlib-distributions.cjs'),
  logLevel: 'warning',
});
writeFileSync(path.join(partial, STAMP_FILE), String(startedMs));
rmSync(path.join(outRoot, 'dist'), { recursive: true, force: true });
renameSync(partial, path.join(outRoot, 'dist'));
console.error(`build-dist: compiled ${SOURCE_DIRS.join(', ')} into ${path.relative(root, path.join(outRoot, 'dist')) || 'dist'}/ (${copied} assets copied) in ${Date.now() - startedMs} ms`);
