/**
 * What lstm, gru and lstm-gru share: the seeds' stacked recurrent network (layers, dropout
 * between them, optional Dense layers, Dense(1)); each type's file picks the cell of each layer.
 */
import { z } from 'zod';
import type { RecurrentKind } from '../network-kit.ts';
import { networkForecaster, type NetworkForecaster } from './network-forecaster.ts';
import { recurrentShape } from './network-params.ts';

export function recurrentSchema<T extends string>(type: T) {
  return z.strictObject({ type: z.literal(type), ...recurrentShape });
}

export type RecurrentParams<T extends string> = z.output<ReturnType<typeof recurrentSchema<T>>>;

export function recurrentForecaster<T extends string>(
  type: T,
  description: string,
  params: z.ZodType<RecurrentParams<T>, unknown>,
  kindOf: (layerIndex: number) => RecurrentKind,
): NetworkForecaster<RecurrentParams<T>> {
  return networkForecaster({
    type,
    description,
    params,
    fusedKernelReplacements: false,
    build(tf, kit, p, options) {
      const model = tf.sequential();
      const layers = [...kit.recurrentStack(tf, p, kindOf, options, { inputShape: [options.lookback, options.featureCount] }), ...kit.denseHeadLayers(tf, p)];
      for (const layer of layers) model.add(layer);
      return { model: kit.compileNetwork(tf, model, p, options) };
    },
  });
}
