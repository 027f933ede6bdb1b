import { loadEngine } from '../models/engine.ts';
import { isNetwork, isPluginModel } from '../models/model-config.ts';
import { fitRidge, predictRidge } from '../models/ridge.ts';
import { withSeededMathRandom } from '../models/seeded-math-random.ts';
import type { FoldJob, FoldOutput, FoldProgress } from './fold-job.ts';

/**
 * Train one fold's model and forecast its test windows. A pure function of `job` (plus the
 * engine): the same job gives the same output in any thread or process.
 */
export async function trainFold(
  job: FoldJob,
  onProgress?: (progress: FoldProgress) => void,
): Promise<FoldOutput> {
  // A user's forecaster file trains through its own trainFold (loaded only when one is used).
  const config = job.model;
  if (isPluginModel(config)) return (await import('./train-plugin-fold.ts')).trainPluginFold(job, config);
  const started = performance.now();
  const testCount = job.xTest.length / (job.lookback * job.featureCount);
  const base = { foldIndex: job.foldIndex, validationLoss: [] as number[] };
  if (job.model.type === 'naive') {
    // Tomorrow's close = today's: a zero log return, whatever the data.
    return { ...base, predictions: new Float32Array(testCount), engine: 'none', epochsRun: 0, bestEpoch: 0, trainLoss: [], trainSeconds: 0 };
  }
  if (job.model.type === 'linear') {
    const width = job.featureCount;
    const x = concat(lastRows(job.xTrain, job), lastRows(job.xValidation, job));
    const y = concat(job.yTrain, job.yValidation);
    const ridge = fitRidge(x, y, width, config.ridgeAlpha);
    const fitted = predictRidge(ridge, x, width);
    let squares = 0;
    for (let i = 0; i < y.length; i++) squares += (fitted[i] - y[i]) ** 2;
    return {
      ...base,
      predictions: Float32Array.from(predictRidge(ridge, lastRows(job.xTest, job), width)),
      engine: 'none',
      epochsRun: 1,
      bestEpoch: 1,
      trainLoss: [squares / y.length],
      trainSeconds: (performance.now() - started) / 1000,
    };
  }
  if (!isNetwork(job.model.type)) throw new Error(`unknown model type ${job.model.type}`);
  const { tf, engine, fallbackReason } = await loadEngine(job.engine);
  // Imported here, not at the top: they load tfjs, which runs without a network never need.
  const [{ buildModel }, { fitNetwork }, { saveLayersModel }] = await Promise.all([
    import('../models/build-model.ts'),
    import('../models/fit-network.ts'),
    import('./save-model.ts'),
  ]);
  return withSeededMathRandom(job.seed, async () => {
    const shape = (data: Float32Array): [number, number, number] => [
      data.length / (job.lookback * job.featureCount),
      job.lookback,
      job.featureCount,
    ];
    const model = buildModel(tf, config, { lookback: job.lookback, featureCount: job.featureCount, engine, fused: job.fused });
    const xTrain = tf.tensor3d(job.xTrain, shape(job.xTrain));
    const yTrain = tf.tensor2d(job.yTrain, [job.yTrain.length, 1]);
    const hasValidation = job.yValidation.length > 0;
    const xValidation = hasValidation ? tf.tensor3d(job.xValidation, shape(job.xValidation)) : undefined;
    const yValidation = hasValidation ? tf.tensor2d(job.yValidation, [job.yValidation.length, 1]) : undefined;
    try {
      const fit = await fitNetwork(tf, model, { xTrain, yTrain, xValidation, yValidation }, config, {
        onEpoch: (epoch, loss, validationLoss) => onProgress?.({ kind: 'epoch', epoch, loss, validationLoss }),
        onBatch: (epoch, batchesDone, batchesPerEpoch) => onProgress?.({ kind: 'batch', epoch, batchesDone, batchesPerEpoch }),
        slowEpochMs: job.slowEpochMs,
      });
      let predictions = new Float32Array(0);
      if (testCount > 0) {
        const xTest = tf.tensor3d(job.xTest, shape(job.xTest));
        const output = model.predict(xTest, { batchSize: config.batchSize }) as import('@tensorflow/tfjs').Tensor;
        predictions = Float32Array.from(await output.data());
        tf.dispose([xTest, output]);
      }
      if (job.saveModelDir) await saveLayersModel(tf, model, job.saveModelDir);
      return { ...base, ...fit, predictions, engine, engineFallbackReason: fallbackReason, trainSeconds: (performance.now() - started) / 1000 };
    } finally {
      tf.dispose([xTrain, yTrain, ...(xValidation ? [xValidation] : []), ...(yValidation ? [yValidation] : [])]);
      // model.dispose() leaves the optimizer's slot variables (Adam's moments) alive.
      model.optimizer?.dispose();
      model.dispose();
    }
  });
}

/** The last feature row of every window: what the linear baseline sees. */
function lastRows(windows: Float32Array, job: FoldJob): Float32Array {
  const windowSize = job.lookback * job.featureCount;
  const count = windows.length / windowSize;
  const out = new Float32Array(count * job.featureCount);
  for (let i = 0; i < count; i++) {
    out.set(windows.subarray((i + 1) * windowSize - job.featureCount, (i + 1) * windowSize), i * job.featureCount);
  }
  return out;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
