/**
 * The network types the benchmark trains, each as the model block a config would hold, sized for
 * the seeds' shape (`units` = the recurrent layers' units, 50 in the seeds). The same block,
 * defaults filled in, goes to bench/torch_networks.py, which builds the same architecture in
 * PyTorch from it.
 */
import type { Tf } from '../src/models/engine.ts';
import type { BuildOptions } from '../src/models/network-kit.ts';
import { buildNetwork, modelConfigSchema } from '../src/models/forecasters/index.ts';

export const NETWORK_TYPES = ['lstm', 'gru', 'lstm-gru', 'rnn', 'cnn', 'cnn-lstm', 'attention-lstm', 'transformer'] as const;
export type NetworkType = (typeof NETWORK_TYPES)[number];

/** Recurrent types: the seeds' LSTM(50) -> Dropout(0.2) -> LSTM(50) -> Dense(1) with each type's cells. */
const RECURRENT: ReadonlySet<NetworkType> = new Set(['lstm', 'gru', 'lstm-gru', 'rnn']);

/** Goal of issue 11 against PyTorch CPU: recurrent types 1.5x, the others 0.7x. */
export function goalRatio(type: NetworkType): number {
  return RECURRENT.has(type) ? 1.5 : 0.7;
}

export function parseType(name: string): NetworkType {
  const type = NETWORK_TYPES.find((t) => t === name);
  if (!type) throw new Error(`--type ${name}: expected one of ${NETWORK_TYPES.join(', ')}`);
  return type;
}

/**
 * The model block of `type` benchmarked with `units` recurrent units: the type's defaults (the
 * articles' sizes), with the seeds' two recurrent layers and dropout 0.2 for the recurrent types.
 */
export function benchModelBlock(type: NetworkType, units: number): Record<string, unknown> {
  if (RECURRENT.has(type)) return { type, layers: [units, units], dropout: 0.2 };
  if (type === 'cnn-lstm' || type === 'attention-lstm') return { type, layers: [units] };
  return { type };
}

/** The block with the defaults the forecaster fills in (what torch_networks.py reads). */
export function resolvedBlock(type: NetworkType, units: number): Record<string, unknown> {
  return { ...modelConfigSchema.parse(benchModelBlock(type, units)) };
}

/** The compiled model of `type`, built by its forecaster's model builder as a fold builds it. */
export async function buildBenchModel(tf: Tf, type: NetworkType, units: number, options: BuildOptions) {
  const { model } = await buildNetwork(tf, modelConfigSchema.parse(benchModelBlock(type, units)), options);
  return model;
}
