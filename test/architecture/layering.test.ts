import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|mjs)$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/** Repository-relative paths of the modules a file imports (static, dynamic and `new URL` specifiers). */
export function importsOf(file: string, text = readFileSync(path.join(ROOT, file), 'utf8')): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers.map((spec) => path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec)));
}

/** Every import of `files` that breaks `allowed`, as `file -> target`. */
function violations(files: string[], allowed: (target: string, file: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter((target) => !allowed(target, file)).map((target) => `${file} -> ${target}`));
}

describe('layering', () => {
  it('src imports strategies/ only through the registry (strategies/index.ts)', () => {
    const bad = violations(sourceFiles('src'), (target) => !target.startsWith('strategies/') || target === 'strategies/index.ts');
    expect(bad).toEqual([]);
  });

  it('strategies import downward only: never the CLI, the run orchestration or the report', () => {
    const bad = violations(sourceFiles('strategies'), (target) => !/^src\/(cli|run|report)\//.test(target));
    expect(bad).toEqual([]);
  });

  it('src/core imports nothing else of the project', () => {
    const bad = violations(sourceFiles('src/core'), (target) => target.startsWith('src/core/') || !/^(src|strategies)\//.test(target));
    expect(bad).toEqual([]);
  });

  it('src/models (forecasters included) imports no later stage: walk-forward, signals, backtest, run, report, CLI', () => {
    const bad = violations(sourceFiles('src/models'), (target) => !/^src\/(walkforward|signals|backtest|metrics|run|report|cli|config)\//.test(target) && !target.startsWith('strategies/'));
    expect(bad).toEqual([]);
  });

  it('the signal stage (src/signal) sits above the run: nothing below it, and no strategy, imports it', () => {
    const below = ['src/core', 'src/strategy', 'src/data', 'src/features', 'src/walkforward', 'src/models', 'src/signals', 'src/backtest', 'src/run'];
    const bad = violations([...below.flatMap(sourceFiles), ...sourceFiles('strategies')], (target) => !target.startsWith('src/signal/'));
    expect(bad).toEqual([]);
  });

  it('only the CLI imports the CLI', () => {
    const bad = violations(
      [...sourceFiles('src'), ...sourceFiles('strategies')].filter((file) => !file.startsWith('src/cli/')),
      (target) => !target.startsWith('src/cli/'),
    );
    expect(bad).toEqual([]);
  });

  it('the library API (src/api) is a top like the CLI: nothing else in src or strategies imports it', () => {
    const bad = violations(
      [...sourceFiles('src'), ...sourceFiles('strategies')].filter((file) => !file.startsWith('src/api/')),
      (target) => !target.startsWith('src/api/'),
    );
    expect(bad).toEqual([]);
  });

  it('plug-in loading and the contract check import downward only: never the CLI, the run orchestration, the report or the config', () => {
    const bad = violations([...sourceFiles('src/plugins'), ...sourceFiles('src/check')], (target) => !/^src\/(cli|run|report|config|api)\//.test(target));
    expect(bad).toEqual([]);
  });

  it('catches a forbidden import (the rule can fail)', () => {
    expect(importsOf('src/run/example.ts', "import { smaCrossover } from '../../strategies/sma-crossover.ts';")).toEqual(['strategies/sma-crossover.ts']);
    expect(importsOf('src/run/example.ts', "const m = await import('../../strategies/rsi-reversion.ts');")).toEqual(['strategies/rsi-reversion.ts']);
  });
});
