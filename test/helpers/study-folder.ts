// A user's study folder in the test's temp space, outside the repository (as a user's would be):
// its own package.json ("type": "module") and no node_modules, so `walkforward` and `zod` resolve
// to the running copy (src/plugins/fallback-resolve-hooks.mjs).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { isUserError } from '../../src/core/errors.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A momentum rule as a user would write it: long while the close is above the close `lookback` bars ago. */
export const MOMENTUM_TS = `import { defineStrategy, z } from 'walkforward';

export default defineStrategy({
  type: 'momentum',
  description: 'Long while the close is above the close lookback bars ago.',
  params: z.strictObject({ lookback: z.number().int().min(1).default(20) }),
  warmupBars: (p) => p.lookback,
  create: (p, context) => ({
    async run(bars) {
      const below = context.mode === 'long-short' ? -1 : 0;
      const targets = new Float64Array(bars.length).fill(Number.NaN);
      for (let t = p.lookback; t < bars.length; t++) targets[t] = bars[t].close > bars[t - p.lookback].close ? 1 : below;
      return { targetPositions: targets };
    },
  }),
});
`;

/**
 * Peeks one bar ahead: long when tomorrow's close is higher. Causal-looking code with an
 * off-by-one a user can make; the truncation check must catch it.
 */
export const PEEKING_TS = `import { defineStrategy, z } from 'walkforward';

export default defineStrategy({
  type: 'tomorrow',
  description: 'Long when the next close is higher (looks ahead).',
  params: z.strictObject({}),
  warmupBars: () => 0,
  create: () => ({
    async run(bars) {
      const targets = new Float64Array(bars.length).fill(0);
      for (let t = 0; t + 1 < bars.length; t++) targets[t] = bars[t + 1].close > bars[t].close ? 1 : 0;
      return { targetPositions: targets };
    },
  }),
});
`;

/**
 * A forecaster as a user would write it: k nearest neighbours on each window's last row (the
 * features at the bar the forecast is made at), the mean standardised target of the k nearest
 * training windows.
 */
export const KNN_TS = `import { defineForecaster, z } from 'walkforward';

export default defineForecaster({
  type: 'knn',
  description: 'k nearest neighbours on the last feature row of each window',
  params: z.strictObject({ k: z.number().int().min(1).default(15) }),
  trainFold(fold) {
    const width = fold.featureCount;
    const windowSize = fold.lookback * width;
    const lastRow = (windows: Float32Array, i: number) => windows.subarray((i + 1) * windowSize - width, (i + 1) * windowSize);
    const trainCount = fold.yTrain.length;
    const forecasts: number[] = [];
    for (let i = 0; i < fold.xTest.length / windowSize; i++) {
      const query = lastRow(fold.xTest, i);
      const distances = Array.from({ length: trainCount }, (_, j) => {
        const row = lastRow(fold.xTrain, j);
        let sum = 0;
        for (let f = 0; f < width; f++) sum += (row[f] - query[f]) ** 2;
        return [sum, j] as const;
      }).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const nearest = distances.slice(0, fold.params.k);
      forecasts.push(nearest.reduce((total, [, j]) => total + fold.yTrain[j], 0) / nearest.length);
    }
    return forecasts;
  },
});
`;

/** Makes study folders for one test file; all removed after its tests. */
export function studyFolders(prefix = 'wf-study-'): (files: Record<string, string>) => string {
  const parent = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));
  let count = 0;
  return (files) => {
    const dir = path.join(parent, `study-${count++}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'study', private: true, type: 'module' }, null, 2)}\n`);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  };
}

/** A config on the shipped GOOG bars naming `strategies` (YAML flow mappings, one per line). */
export function studyConfig(name: string, strategies: string[], extra = ''): string {
  return `name: ${name}\ndata: { source: csv, path: ${path.join(ROOT, 'data', 'GOOG.csv')}, start: 2006-01-01, end: 2010-12-31 }\n${extra}strategies:\n${strategies.map((s) => `  - ${s}`).join('\n')}\n`;
}

/** The UserError message `promise` rejects with (fails the test on anything else). */
export async function userErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isUserError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a UserError');
}
