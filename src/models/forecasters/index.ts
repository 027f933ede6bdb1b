/**
 * The forecaster registry: every `model.type` a config may name. A new forecaster is one file in
 * this folder, its entry in `memberForecasters` below, and its case in the shared contract test
 * (test/models/forecasters/contract.test.ts).
 */
import { z } from 'zod';
import type { Tf } from '../engine.ts';
import type { BuildOptions } from '../network-kit.ts';
import type { FoldJob, Forecaster } from './forecaster.ts';
import type { BuiltNetwork, NetworkForecaster } from './network-forecaster.ts';
import { attentionLstm } from './attention-lstm.ts';
import { cnn } from './cnn.ts';
import { cnnLstm } from './cnn-lstm.ts';
import { ensembleForecaster } from './ensemble.ts';
import { gru } from './gru.ts';
import { linear } from './linear.ts';
import { lstm } from './lstm.ts';
import { lstmGru } from './lstm-gru.ts';
import { naive } from './naive.ts';
import { rnn } from './rnn.ts';
import { transformer } from './transformer.ts';
import { isPluginModel, pluginForecaster, pluginModelSchema, type PluginModelConfig } from './plugin-forecaster.ts';
import { isPluginReference } from '../../core/plugin-reference.ts';

/** Forecasters an ensemble may hold (every type but the ensemble itself). */
export const memberForecasters = [lstm, gru, lstmGru, rnn, cnn, cnnLstm, attentionLstm, transformer, naive, linear] as const;

type ParamsOf<F> = F extends Forecaster<infer P> ? P : never;
export type MemberConfig = ParamsOf<(typeof memberForecasters)[number]>;

/** The type a model block without `type:` gets. */
const DEFAULT_TYPE = 'lstm';

/**
 * A discriminated union on `type` over `list`: the block is validated by its type's own schema
 * only, so an error names a field of that type (an unknown type lists the known ones).
 */
export function forecasterUnion<F extends Forecaster<any>>(list: readonly F[]): z.ZodType<ParamsOf<F>, unknown> {
  const byType = new Map<string, F>(list.map((forecaster) => [forecaster.type, forecaster]));
  const known = list.map((forecaster) => forecaster.type).join(', ');
  return z
    .object({ type: z.string().default(DEFAULT_TYPE) })
    .passthrough()
    .transform((block, ctx) => {
      const forecaster = byType.get(block.type);
      if (!forecaster) {
        ctx.addIssue({ code: 'custom', path: ['type'], message: `unknown model type "${block.type}"; known: ${known}` });
        return z.NEVER;
      }
      const parsed = forecaster.params.safeParse(block);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
        return z.NEVER;
      }
      return parsed.data;
    });
}

export const memberConfigSchema = forecasterUnion(memberForecasters);
const memberRegistry: ReadonlyMap<string, Forecaster<any>> = new Map(memberForecasters.map((forecaster) => [forecaster.type, forecaster]));
export const ensemble = ensembleForecaster(memberConfigSchema, (member) => {
  const forecaster = memberRegistry.get(member.type);
  if (!forecaster) throw new Error(`unknown ensemble member type ${member.type}`);
  return forecaster;
});

/** Every forecaster a config may name. */
export const forecasters = [...memberForecasters, ensemble] as const;
/** A built-in model block, or one naming a forecaster file of the user's (plugin-forecaster.ts). */
export type ModelConfig = ParamsOf<(typeof forecasters)[number]> | PluginModelConfig;
const builtInSchema = forecasterUnion(forecasters);
export const modelConfigSchema: z.ZodType<ModelConfig, unknown> = z.unknown().transform((block, ctx): ModelConfig => {
  const type = typeof block === 'object' && block !== null && 'type' in block ? block.type : undefined;
  const schema: z.ZodType<ModelConfig, unknown> = typeof type === 'string' && isPluginReference(type) ? pluginModelSchema : builtInSchema;
  const parsed = schema.safeParse(block ?? {});
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
  return z.NEVER;
});
export type ModelType = ModelConfig['type'];
/** A fold job of any registered forecaster. */
export type ModelFoldJob = FoldJob<ModelConfig>;

export const forecasterRegistry: ReadonlyMap<string, Forecaster<any>> = new Map(forecasters.map((forecaster) => [forecaster.type, forecaster]));

/** The forecaster of a (validated) model block. */
export function forecasterFor<P extends ModelConfig>(config: P): Forecaster<P> {
  // Registry entries are typed loosely (Forecaster<any>), as a plug-in's adapter is here.
  const forecaster: Forecaster<any> | undefined = isPluginModel(config) ? pluginForecaster(config) : forecasterRegistry.get(config.type);
  if (!forecaster) throw new Error(`unknown model type ${config.type}`);
  return forecaster;
}

function isNetworkForecaster(forecaster: Forecaster<any>): forecaster is NetworkForecaster<any> {
  return 'build' in forecaster;
}

/**
 * The model of a network type, built and compiled as a fold would build it (for benches and
 * tests): `await buildNetwork(tf, modelConfigSchema.parse({type: 'cnn'}), {lookback: 60, ...})`.
 * Seed Math.random around it (withSeededMathRandom) for repeatable weights.
 */
export async function buildNetwork(tf: Tf, config: ModelConfig, options: BuildOptions): Promise<BuiltNetwork> {
  const forecaster = forecasterRegistry.get(config.type);
  if (!forecaster || !isNetworkForecaster(forecaster)) throw new Error(`${config.type} is not a network`);
  const kit = await import('../network-kit.ts');
  return forecaster.build(tf, kit, config, options);
}
