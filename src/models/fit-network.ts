import type { Tf } from './engine.ts';
import type { TrainingParams } from './forecasters/network-params.ts';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

/** What fitNetwork reports while it trains (progress only: it never changes what is trained). */
export interface FitListeners {
  onEpoch?: (epoch: number, loss: number, validationLoss: number | undefined) => void;
  /**
   * Batches done within an epoch (1-based epoch), for epochs slow enough that per-epoch progress
   * would sit still: only once the epoch has run `slowEpochMs`, then at most every second.
   */
  onBatch?: (epoch: number, batchesDone: number, batchesPerEpoch: number) => void;
  /** Default 2000 ms. */
  slowEpochMs?: number;
}

/** An epoch slower than this reports its batches. */
export const SLOW_EPOCH_MS = 2000;
/** At most one batch report per this many ms. */
const BATCH_REPORT_EVERY_MS = 1000;

export interface FitResult {
  epochsRun: number;
  bestEpoch: number;
  trainLoss: number[];
  validationLoss: number[];
}

/**
 * model.fit with early stopping that restores the best weights (tfjs's own earlyStopping
 * callback cannot restore them). Shuffling draws from Math.random, which the caller seeds.
 */
export async function fitNetwork(
  tf: Tf,
  model: LayersModel,
  data: { xTrain: Tensor; yTrain: Tensor; xValidation?: Tensor; yValidation?: Tensor },
  config: TrainingParams,
  listeners: FitListeners = {},
): Promise<FitResult> {
  const { onEpoch, onBatch } = listeners;
  const slowEpochMs = listeners.slowEpochMs ?? SLOW_EPOCH_MS;
  const batchesPerEpoch = Math.ceil(data.xTrain.shape[0] / config.batchSize);
  let currentEpoch = 1;
  let epochStartedMs = performance.now();
  let lastBatchReportMs = -Infinity;
  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  const useValidation = data.xValidation !== undefined && data.yValidation !== undefined;
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: Tensor[] | undefined;
  let sinceBest = 0;
  await model.fit(data.xTrain, data.yTrain, {
    epochs: config.epochs,
    batchSize: config.batchSize,
    shuffle: true,
    verbose: 0,
    validationData: useValidation ? [data.xValidation!, data.yValidation!] : undefined,
    callbacks: {
      onEpochBegin: async (epoch) => {
        currentEpoch = epoch + 1;
        epochStartedMs = performance.now();
      },
      ...(onBatch
        ? {
            onBatchEnd: async (batch: number) => {
              const nowMs = performance.now();
              if (nowMs - epochStartedMs < slowEpochMs || nowMs - lastBatchReportMs < BATCH_REPORT_EVERY_MS) return;
              lastBatchReportMs = nowMs;
              onBatch(currentEpoch, batch + 1, batchesPerEpoch);
            },
          }
        : {}),
      onEpochEnd: async (epoch, logs) => {
        const loss = Number(logs?.loss);
        const valLoss = useValidation ? Number(logs?.val_loss) : undefined;
        trainLoss.push(loss);
        if (valLoss !== undefined) validationLoss.push(valLoss);
        onEpoch?.(epoch + 1, loss, valLoss);
        if (valLoss === undefined) {
          bestEpoch = epoch + 1;
          return;
        }
        if (valLoss < best) {
          best = valLoss;
          bestEpoch = epoch + 1;
          sinceBest = 0;
          if (bestWeights) tf.dispose(bestWeights);
          bestWeights = model.getWeights().map((weight) => tf.clone(weight));
        } else {
          sinceBest++;
          if (config.patience > 0 && sinceBest >= config.patience) model.stopTraining = true;
        }
      },
    },
  });
  if (bestWeights) {
    model.setWeights(bestWeights);
    tf.dispose(bestWeights);
  }
  return { epochsRun: trainLoss.length, bestEpoch, trainLoss, validationLoss };
}
