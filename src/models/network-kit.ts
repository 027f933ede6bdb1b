/**
 * The building blocks network forecasters assemble their models from (src/models/forecasters/*.ts
 * receive this module as `kit`, loaded lazily: it loads tfjs, the fused kernel and the custom
 * layers). One place creates recurrent layers (so the fused kernel can be swapped in), one
 * compiles (Adam with Keras-style clipnorm, MSE).
 */
import type { EngineName } from '../core/engine-request.ts';
import type { Tf } from './engine.ts';
import type { ConvolutionParams, DenseHeadParams, TrainingParams } from './forecasters/network-params.ts';
import { fastOrthogonal } from './orthogonal-initializer.ts';
import { fusedAdam, fusedGru, fusedLstm, fusedSimpleRnn, useFusedKernels } from './fused/index.ts';
import { fastDropout } from './fast-dropout.ts';

export { fastDropout, fastOrthogonal };
import { causalConv1d } from './layers/causal-conv1d.ts';
export { causalConv1d };
export { additiveAttentionPooling, AdditiveAttentionPooling } from './layers/additive-attention-pooling.ts';
export { multiHeadSelfAttention, MultiHeadSelfAttention } from './layers/multi-head-self-attention.ts';
export { lastStep, positionalEncoding } from './layers/positional-encoding.ts';
export { layerNorm, LayerNorm } from './layers/layer-norm.ts';

export interface BuildOptions {
  lookback: number;
  featureCount: number;
  engine: EngineName;
  /** Use the fused WebAssembly recurrent layers where the engine allows (wasm/cpu). */
  fused: boolean;
}

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Layer = ReturnType<Tf['layers']['lstm']>;
export type RecurrentKind = 'lstm' | 'gru' | 'rnn';

export interface RecurrentLayerArgs {
  units: number;
  returnSequences: boolean;
  /** The gates' activation of an LSTM or GRU (tfjs's default hardSigmoid if absent); a SimpleRNN ('rnn') has no gates. */
  recurrentActivation?: 'sigmoid' | 'hardSigmoid';
  /** A SimpleRNN's activation (default tanh); LSTM and GRU keep tanh. */
  activation?: 'tanh' | 'relu';
  recurrentDropout: number;
  l2: number;
  inputShape?: [number, number];
}

/** The fused kernel runs on the wasm/cpu engines unless `fused` is false; tfjs-node's native ops are already fast. */
function usesFusedKernel(options: BuildOptions): boolean {
  return options.fused && (options.engine === 'wasm' || options.engine === 'cpu');
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
    recurrentInitializer: fastOrthogonal(tf),
    recurrentDropout: args.recurrentDropout,
    kernelRegularizer: regularizer,
    recurrentRegularizer: regularizer,
    ...(args.inputShape ? { inputShape: args.inputShape } : {}),
  };
  const fused = usesFusedKernel(options);
  if (kind === 'rnn') {
    const simple = { ...common, activation: args.activation ?? 'tanh' };
    return fused ? fusedSimpleRnn(simple) : tf.layers.simpleRNN(simple);
  }
  const gated = { ...common, recurrentActivation: args.recurrentActivation };
  if (fused) return kind === 'lstm' ? fusedLstm(gated) : fusedGru(gated);
  return kind === 'lstm' ? tf.layers.lstm(gated) : tf.layers.gru(gated);
}

/**
 * The backend kernels the model about to be built (or loaded) runs on: on the wasm/cpu engines the
 * fused replacements of tfjs kernels (matMul, max-pool gradient) unless `fused` is false (stock
 * tfjs throughout). Process-wide: a fold builds and trains before the next build chooses again.
 */
export function selectKernels(options: Pick<BuildOptions, 'engine' | 'fused'>): void {
  if (options.engine === 'wasm' || options.engine === 'cpu') useFusedKernels(options.engine, options.fused);
}

export interface RecurrentStackParams {
  layers: number[];
  dropout: number;
  recurrentDropout: number;
  recurrentActivation: 'sigmoid' | 'hardSigmoid';
  l2: number;
}

/**
 * Stacked recurrent layers, dropout between them, in the order they are applied; `kindOf(i)` picks
 * layer i's cell. The last returns sequences only when `returnSequences` (attention pools over
 * them). `inputShape` is given when the stack is a Sequential model's first layer.
 */
export function recurrentStack(
  tf: Tf,
  params: RecurrentStackParams,
  kindOf: (layerIndex: number) => RecurrentKind,
  options: BuildOptions,
  stack: { inputShape?: [number, number]; returnSequences?: boolean } = {},
) {
  const layers: Array<Layer | ReturnType<typeof fastDropout>> = [];
  params.layers.forEach((units, i) => {
    const last = i === params.layers.length - 1;
    layers.push(
      createRecurrentLayer(
        tf,
        kindOf(i),
        {
          units,
          returnSequences: !last || stack.returnSequences === true,
          recurrentActivation: params.recurrentActivation,
          recurrentDropout: params.recurrentDropout,
          l2: params.l2,
          inputShape: i === 0 ? stack.inputShape : undefined,
        },
        options,
      ),
    );
    if (!last && params.dropout > 0) layers.push(fastDropout({ rate: params.dropout }));
  });
  return layers;
}

/** `layers` applied one after another to a symbolic tensor (the functional API's Sequential). */
export function applyInOrder(tf: Tf, layers: ReadonlyArray<{ apply(input: SymbolicTensor): unknown }>, input: SymbolicTensor): SymbolicTensor {
  let x = input;
  for (const layer of layers) x = symbolic(tf, layer.apply(x));
  return x;
}

type SymbolicTensor = import('@tensorflow/tfjs').SymbolicTensor;

/** A layer applied to one symbolic tensor gives one symbolic tensor; anything else is a wiring bug. */
export function symbolic(tf: Tf, output: unknown): SymbolicTensor {
  if (!(output instanceof tf.SymbolicTensor)) throw new Error('expected a layer applied to one symbolic input to give one symbolic output');
  return output;
}

/** The conv front end of cnn and cnn-lstm: CausalConv1D layers (layer i dilated by dilation^i), then pooling. */
export function convolutionLayers(tf: Tf, params: ConvolutionParams, inputShape: [number, number], l2: number) {
  const layers: Array<import('@tensorflow/tfjs').layers.Layer> = params.filters.map((filters, i) =>
    causalConv1d({
      filters,
      kernelSize: params.kernelSize,
      dilationRate: params.dilation ** i,
      padding: params.padding,
      activation: params.convActivation,
      l2,
      ...(i === 0 ? { inputShape } : {}),
    }),
  );
  if (params.pooling === 'max') layers.push(tf.layers.maxPooling1d({ poolSize: params.poolSize }));
  if (params.pooling === 'average') layers.push(tf.layers.averagePooling1d({ poolSize: params.poolSize }));
  return layers;
}

/** Hidden Dense layers, then Dense(1): the forecast head every network ends in. */
export function denseHeadLayers(tf: Tf, params: DenseHeadParams & { l2: number }) {
  const regularizer = params.l2 > 0 ? tf.regularizers.l2({ l2: params.l2 }) : undefined;
  return [
    ...params.dense.map((units) => tf.layers.dense({ units, activation: params.denseActivation, kernelRegularizer: regularizer })),
    tf.layers.dense({ units: 1, kernelRegularizer: regularizer }),
  ];
}

/** Compile with Adam (optionally clipping gradients) and MSE, the loss every forecaster minimises. */
export function compileNetwork(tf: Tf, model: LayersModel, params: TrainingParams, options: BuildOptions): LayersModel {
  model.compile({ optimizer: makeOptimizer(tf, params, options), loss: 'meanSquaredError' });
  return model;
}

/** Adam (FusedAdam on the fused kernel), with Keras-style per-tensor `clipnorm` applied to the gradients before each step. */
function makeOptimizer(tf: Tf, params: TrainingParams, options: BuildOptions) {
  // Adam's update in one fused kernel call per variable where the fused kernel runs (the same
  // arithmetic as tf.train.adam: the same weights, bit for bit).
  const optimizer = usesFusedKernel(options) ? fusedAdam(params.learningRate) : tf.train.adam(params.learningRate);
  const clipNorm = params.clipNorm;
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
