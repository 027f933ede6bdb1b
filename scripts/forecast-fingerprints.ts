/**
 * Fingerprints (SHA-256) of every fold's forecasts (log-return units), losses and saved model for a fixed set of
 * forecaster configs on one engine: run before and after a refactor that must not change a bit.
 *
 *   npx tsx scripts/forecast-fingerprints.ts wasm > before-wasm.txt   (wasm | cpu; one engine per process)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strategyRegistry } from '../strategies/index.ts';
import { loadCsvSeries } from '../src/data/load-csv.ts';
import { prepareFolds } from '../src/walkforward/run-walkforward.ts';
import { resolveWalkForwardConfig } from '../src/walkforward/walkforward-config.ts';
import { trainFold } from '../src/walkforward/train-fold.ts';

const engine = (process.argv[2] ?? 'cpu') as 'cpu' | 'wasm';
const bars = loadCsvSeries(path.resolve(import.meta.dirname, '../data/GOOG.csv')).bars.slice(0, 900);
const base = {
  features: [{ name: 'log-return' }, { name: 'rsi' }, { name: 'macd-histogram' }, { name: 'volume-zscore' }],
  lookback: 10,
  walkforward: { trainBars: 500, testBars: 150, validationFraction: 0.2 },
};
const models: Array<Record<string, unknown>> = [
  { type: 'lstm', layers: [6, 5], dropout: 0.2, clipNorm: 1, l2: 0.001, dense: [4], denseActivation: 'relu', epochs: 4, patience: 2, learningRate: 0.01 },
  { type: 'gru', layers: [5], recurrentDropout: 0.1, recurrentActivation: 'hardSigmoid', epochs: 3, batchSize: 64 },
  { type: 'lstm-gru', layers: [6, 4], dropout: 0.2, epochs: 3, seed: 5 },
  { type: 'lstm', layers: [8], epochs: 3 },
  { type: 'naive' },
  { type: 'linear', ridgeAlpha: 2 },
];
const hash = (...parts: Array<ArrayBufferView | string>) => {
  const h = createHash('sha256');
  for (const part of parts) h.update(typeof part === 'string' ? part : new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  return h.digest('hex').slice(0, 16);
};
const definition = strategyRegistry.get('lstm-forecast')!;
const dir = mkdtempSync(path.join(os.tmpdir(), 'wf-fingerprints-'));
try {
  for (const fused of engine === 'cpu' ? [false, true] : [true, false]) {
    for (const model of models) {
      const p = definition.params.parse({ ...base, model });
      const { folds } = prepareFolds(bars, {
        features: p.features, horizon: p.target.horizon, lookback: p.lookback, scaler: p.scaler,
        walkforward: resolveWalkForwardConfig(p.walkforward, p.target.horizon), model: p.model, seed: 42, engine, fused,
        saveModelsDir: path.join(dir, 'models'),
      });
      for (const fold of folds) {
        const out = await trainFold(fold.job);
        const saved = fold.job.saveModelDir && out.engine !== 'none'
          ? hash(readFileSync(path.join(fold.job.saveModelDir, 'model.json'), 'utf8'), readFileSync(path.join(fold.job.saveModelDir, 'weights.bin')))
          : '-';
        console.log(`${engine} fused=${fused} ${JSON.stringify(model)} fold ${fold.job.foldIndex}: forecasts ${hash(out.forecasts)} ` +
          `losses ${hash(JSON.stringify([out.trainLoss, out.validationLoss, out.epochsRun, out.bestEpoch]))} model ${saved} engine ${out.engine}`);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
