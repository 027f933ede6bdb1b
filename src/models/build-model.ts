import type { EngineName } from '../core/engine-request.ts';
import type { Tf } from './engine.ts';
import type { ModelConfig, RecurrentKind } from './model-config.ts';
import { fastOrthogonal } from './orthogonal-initializer.ts';
import { fusedGru, fusedLstm } from './fused/index.ts';
import { fastDropout } from './fast-dropout.ts';

export interface BuildOptions {
  lookback: number;
  featureCount: number;
  engine: EngineName;
  /** Use the fused WebAssembly recurrent layers where the engine allows (wasm/cpu). */
  fused: boolean;
}

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Layer = ReturnType<Tf['layers']['lstm']>;

export interface RecurrentLayerArgs {
  units: number;
  returnSequences: boolean;
  recurrentActivation: 'sigmoid' | 'hardSigmoid';
  recurrentDropout: number;
  l2: number;
  inputShape?: [number, number];
}

/**
 * The one place recurrent layers are created, so an engine-specific implementation (the fused
 * kernel on wasm/cpu) can be swapped in here.
 */
export function createRecurrentLayer(tf: Tf, kind: RecurrentKind, args: RecurrentLayerArgs, options: BuildOptions): Layer {
  const regularizer = args.l2 > 0 ? tf.regularizers.l2({ l2: args.l2 }) : undefined;
  const common = {
    units: args.units,
    returnSequences: args.returnSequences,
    recurrentActivation: args.recurrentActivation,
    recurrentInitializer: fastOrthogonal(tf),
    recurrentDropout: args.recurrentDropout,
    kernelRegularizer: regularizer,
    recurrentRegularizer: regularizer,
    ...(args.inputShape ? { inputShape: args.inputShape } : {}),
  };
  // The fused kernel runs on the wasm/cpu engines; tfjs-node's native LSTM/GRU is already fast.
  if (options.fused && (options.engine === 'wasm' || options.engine === 'cpu')) {
    return kind === 'lstm' ? fusedLstm(common) : fusedGru(common);
  }
  return kind === 'lstm' ? tf.layers.lstm(common) : tf.layers.gru(common);
}

/**
 * Stacked recurrent layers (dropout between them), optional hidden Dense layers, Dense(1),
 * compiled with Adam (optionally clipping gradients) and MSE. Weights are initialised from
 * Math.random, which the caller seeds (see seeded-random.ts).
 */
export function buildModel(tf: Tf, config: ModelConfig, options: BuildOptions): LayersModel {
  const model = tf.sequential();
  const regularizer = config.l2 > 0 ? tf.regularizers.l2({ l2: config.l2 }) : undefined;
  config.layers.forEach((units, i) => {
    const kind: RecurrentKind = config.type === 'gru' || (config.type === 'lstm-gru' && i > 0) ? 'gru' : 'lstm';
    const last = i === config.layers.length - 1;
    model.add(
      createRecurrentLayer(
        tf,
        kind,
        {
          units,
          returnSequences: !last,
          recurrentActivation: config.recurrentActivation,
          recurrentDropout: config.recurrentDropout,
          l2: config.l2,
          inputShape: i === 0 ? [options.lookback, options.featureCount] : undefined,
        },
        options,
      ),
    );
    if (!last && config.dropout > 0) model.add(fastDropout({ rate: config.dropout }));
  });
  for (const units of config.dense) {
    model.add(tf.layers.dense({ units, activation: config.denseActivation, kernelRegularizer: regularizer }));
  }
  model.add(tf.layers.dense({ units: 1, kernelRegularizer: regularizer }));
  model.compile({ optimizer: makeOptimizer(tf, config), loss: 'meanSquaredError' });
  return model;
}

/** Adam, with Keras-style per-tensor `clipnorm` applied to the gradients before each step. */
function makeOptimizer(tf: Tf, config: ModelConfig) {
  const optimizer = tf.train.adam(config.learningRate);
  const clipNorm = config.clipNorm;
  if (clipNorm === undefined) return optimizer;
  const apply = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (gradients) => {
    const entries = Array.isArray(gradients) ? gradients.map((g) => [g.name, g.tensor] as const) : Object.entries(gradients);
    const clipped = tf.tidy(() => {
      const out: Record<string, import('@tensorflow/tfjs').Tensor> = {};
      for (const [name, gradient] of entries) {
        const norm = tf.norm(gradient);
        out[name] = tf.mul(gradient, tf.div(clipNorm, tf.maximum(norm, clipNorm)));
      }
      return out;
    });
    try {
      apply(clipped as never);
    } finally {
      tf.dispose(Object.values(clipped));
    }
  };
  return optimizer;
}
