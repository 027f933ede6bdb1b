import type { Tf } from './engine.ts';
import type { ModelConfig } from './model-config.ts';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

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
  config: ModelConfig,
  onEpoch?: (epoch: number, loss: number, validationLoss: number | undefined) => void,
): Promise<FitResult> {
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
