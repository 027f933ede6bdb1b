/**
 * A network forecaster from its architecture: the type's file gives its schema and a `build`
 * function; training (engine, seeded randomness, early stopping, saving) is shared and loaded
 * lazily, with tfjs, only when a fold trains.
 */
import type { Tf } from '../engine.ts';
import type { Forecaster, ShapeIssue } from './forecaster.ts';
import type { BuildOptions } from '../network-kit.ts';
import type { DenseHeadParams, TrainingParams } from './network-params.ts';

/** The network kit (src/models/network-kit.ts): layers, the recurrent stack, the Dense head, compile. */
export type NetworkKit = typeof import('../network-kit.ts');

export interface BuiltNetwork {
  /** Compiled (compileNetwork): Adam on MSE. */
  model: import('@tensorflow/tfjs').LayersModel;
  /** Models with attention: per-window attention over the lookback positions, [windows, lookback], rows summing to 1. */
  attention?: (windows: import('@tensorflow/tfjs').Tensor3D) => import('@tensorflow/tfjs').Tensor2D;
}

/** Builds the model of one type; Math.random (weight initialisers) is seeded by the caller. */
export type NetworkBuilder<P> = (tf: Tf, kit: NetworkKit, params: P, options: BuildOptions) => BuiltNetwork;

export type NetworkParams = { type: string } & TrainingParams & Partial<DenseHeadParams>;

export interface NetworkForecaster<P extends NetworkParams> extends Forecaster<P> {
  build: NetworkBuilder<P>;
}

export function networkForecaster<P extends NetworkParams>(spec: {
  type: P['type'];
  description: string;
  params: Forecaster<P>['params'];
  build: NetworkBuilder<P>;
  checkShape?: (params: P, lookback: number) => ShapeIssue[];
  /**
   * Whether the type trains (and forecasts) on the fused kernel's replacements of tfjs's kernels
   * (matMul, max-pool gradient; LayerNorm's normalisation) where its build has fused on. The
   * recurrent types say no: their products run inside the fused recurrent layers, so the
   * replacements would speed up only their Dense head, and would change its bits (the stock
   * kernels sum in another order): their forecasts stay bit-identical to before the replacements.
   */
  fusedKernelReplacements: boolean;
}): NetworkForecaster<P> {
  const kernelsOf = (options: Pick<BuildOptions, 'engine' | 'fused'>) => ({ engine: options.engine, fused: options.fused && spec.fusedKernelReplacements });
  // Every type's model trains on the backend kernels its build options and the type choose.
  const build: NetworkBuilder<P> = (tf, kit, params, options) => {
    kit.selectKernels(kernelsOf(options));
    return spec.build(tf, kit, params, options);
  };
  return {
    ...spec,
    build,
    needsTfjs: () => true,
    epochsPerFold: (params) => params.epochs,
    async trainFold(job, onProgress) {
      const { trainNetworkFold } = await import('../train-network.ts');
      return trainNetworkFold(job, build, onProgress);
    },
    async forecastSaved(job) {
      const { forecastSavedNetwork } = await import('../train-network.ts');
      return forecastSavedNetwork(job, kernelsOf);
    },
  };
}
