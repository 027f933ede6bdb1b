/**
 * Train one fold of any network forecaster: load the engine, build the type's model with Math.random
 * seeded by the fold's seed, fit with early stopping, forecast the test windows, save if asked.
 * Loaded lazily (it loads tfjs) by network-forecaster.ts.
 */
import { loadEngine } from './engine.ts';
import { fitNetwork } from './fit-network.ts';
import { destandardise, windowCount, type FoldJob, type FoldOutput, type FoldProgress, type SavedForecasts } from './forecasters/forecaster.ts';
import type { NetworkBuilder, NetworkParams } from './forecasters/network-forecaster.ts';
import type { BuildOptions } from './network-kit.ts';
import { loadSavedLayersModel, saveLayersModel } from './save-model.ts';
import { withSeededMathRandom } from './seeded-math-random.ts';

type Tensor = import('@tensorflow/tfjs').Tensor;

export async function trainNetworkFold<P extends NetworkParams>(
  job: FoldJob<P>,
  build: NetworkBuilder<P>,
  onProgress?: (progress: FoldProgress) => void,
): Promise<FoldOutput> {
  const started = performance.now();
  const testCount = windowCount(job.xTest, job);
  const { tf, engine, fallbackReason } = await loadEngine(job.engine);
  // After the engine: the kit loads tfjs's layers, the fused kernel and the custom layers.
  const kit = await import('./network-kit.ts');
  return withSeededMathRandom(job.seed, async () => {
    const shape = (data: Float32Array): [number, number, number] => [windowCount(data, job), job.lookback, job.featureCount];
    const { model, attention } = build(tf, kit, job.model, { lookback: job.lookback, featureCount: job.featureCount, engine, fused: job.fused });
    const xTrain = tf.tensor3d(job.xTrain, shape(job.xTrain));
    const yTrain = tf.tensor2d(job.yTrain, [job.yTrain.length, 1]);
    const hasValidation = job.yValidation.length > 0;
    const xValidation = hasValidation ? tf.tensor3d(job.xValidation, shape(job.xValidation)) : undefined;
    const yValidation = hasValidation ? tf.tensor2d(job.yValidation, [job.yValidation.length, 1]) : undefined;
    try {
      const fit = await fitNetwork(tf, model, { xTrain, yTrain, xValidation, yValidation }, job.model, {
        onEpoch: (epoch, loss, validationLoss) => onProgress?.({ kind: 'epoch', epoch, loss, validationLoss }),
        onBatch: (epoch, batchesDone, batchesPerEpoch) => onProgress?.({ kind: 'batch', epoch, batchesDone, batchesPerEpoch }),
        slowEpochMs: job.slowEpochMs,
      });
      let predictions = new Float32Array(0);
      let meanAttention: number[] | undefined;
      if (testCount > 0) {
        const xTest = tf.tensor3d(job.xTest, shape(job.xTest));
        const output = model.predict(xTest, { batchSize: job.model.batchSize }) as Tensor;
        predictions = Float32Array.from(await output.data());
        if (attention) {
          const weights = tf.tidy(() => tf.mean(attention(xTest), 0));
          meanAttention = Array.from(await weights.data());
          weights.dispose();
        }
        tf.dispose([xTest, output]);
      }
      if (job.saveModelDir) await saveLayersModel(tf, model, job.saveModelDir);
      return {
        foldIndex: job.foldIndex,
        ...fit,
        forecasts: destandardise(predictions, job),
        ...(meanAttention ? { attention: meanAttention } : {}),
        engine,
        engineFallbackReason: fallbackReason,
        trainSeconds: (performance.now() - started) / 1000,
      };
    } finally {
      tf.dispose([xTrain, yTrain, ...(xValidation ? [xValidation] : []), ...(yValidation ? [yValidation] : [])]);
      // model.dispose() leaves the optimizer's slot variables (Adam's moments) alive.
      model.optimizer?.dispose();
      model.dispose();
    }
  });
}

type KernelChoice = Pick<BuildOptions, 'engine' | 'fused'>;

/**
 * Load the model trainNetworkFold saved for `job` and forecast its test windows again, on the
 * backend kernels `kernelsOf` chooses for the type (those its fold trained and forecast on).
 */
export async function forecastSavedNetwork(job: FoldJob<NetworkParams>, kernelsOf: (options: KernelChoice) => KernelChoice): Promise<SavedForecasts> {
  if (!job.saveModelDir) throw new Error('forecastSaved: the job has no saveModelDir');
  const { tf, engine } = await loadEngine(job.engine);
  // The kernels the fold trained and forecast on, so a fresh process forecasts the same bits.
  const kit = await import('./network-kit.ts');
  kit.selectKernels(kernelsOf({ engine, fused: job.fused }));
  const model = await loadSavedLayersModel(tf, job.saveModelDir);
  try {
    const xTest = tf.tensor3d(job.xTest, [windowCount(job.xTest, job), job.lookback, job.featureCount]);
    const output = model.predict(xTest, { batchSize: job.model.batchSize }) as Tensor;
    const predictions = Float32Array.from(await output.data());
    tf.dispose([xTest, output]);
    return { forecasts: destandardise(predictions, job) };
  } finally {
    model.dispose();
  }
}
