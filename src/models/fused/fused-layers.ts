/**
 * FusedLSTM / FusedGRU / FusedSimpleRNN: subclasses of tfjs's own LSTM / GRU / SimpleRNN layers
 * that replace only call() with the fused WebAssembly kernel. Everything else (weights and their names, initializers incl.
 * unitForgetBias, regularizers, constraints, config, output shapes) is the stock layer's, so weights
 * move between fused and stock layers unchanged. The fused path covers returnSequences, goBackwards,
 * masks, input and recurrent dropout; calls it does not cover (an initial state, returnState,
 * stateful, activations other than tanh with sigmoid/hardSigmoid) run the stock path.
 *
 * All come from one definition, defineFusedLayer, parameterised by the cell: tfjs's LSTM, GRU and
 * SimpleRNN are separate classes (one RNN layer around an LSTMCell, GRUCell or SimpleRNNCell), so
 * the fused layer is a subclass of each, made by the same function. Each keeps its own registered class name, which
 * is what saved models name.
 */
import * as tf from '@tensorflow/tfjs';
import type { GRULayerArgs, LSTMLayerArgs, RNN, SimpleRNNLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/recurrent.js';
import { gruKernel, lstmKernel, simpleRnnKernel, type CellKernel } from './cell-kernels.ts';
import { cellOf, fusedCall, makeFusedOp, stockPathReason, type FusedOp, type Kwargs } from './fused-rnn-call.ts';
import { FusedRnnRunner } from './rnn-runner.ts';

/** tfjs's LSTM, GRU or SimpleRNN class: an RNN layer that builds its cell from `Args`. */
type StockRecurrentClass<Args> = (new (args: Args) => RNN) & Pick<typeof RNN, 'className' | 'fromConfig'>;

/** The constructor arguments of each stock class. */
interface StockLayerArgs {
  LSTM: LSTMLayerArgs;
  GRU: GRULayerArgs;
  SimpleRNN: SimpleRNNLayerArgs;
}

// The classes of the tfjs instance the app loaded (a type-only import above: importing tfjs-layers'
// module directly could load a second copy whose classes and registry are not the ones in use).
// The registry's entries are untyped, hence the cast.
function stockLayerClass<Name extends keyof StockLayerArgs>(className: Name): StockRecurrentClass<StockLayerArgs[Name]> {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`tfjs layer class ${className} is not registered`);
  return entry[0] as unknown as StockRecurrentClass<StockLayerArgs[Name]>;
}

const warnedReasons = new Set<string>();

/** Say once per process and reason that a fused layer runs the (much slower) stock computation. */
function noteStockPath(layerClass: string, reason: string): void {
  if (warnedReasons.has(`${layerClass}:${reason}`)) return;
  warnedReasons.add(`${layerClass}:${reason}`);
  console.warn(`${layerClass}: the fused kernel does not support ${reason}; using the stock tfjs computation (slower)`);
}

// Free a garbage-collected layer's wasm buffers (dispose() frees them eagerly).
const releaseOnCollect = new FinalizationRegistry<{ release(): void }>((runner) => runner.release());

/** The fused layer class over `Stock` (tfjs's LSTM, GRU or SimpleRNN) running `cell`'s kernel, registered as `className`. */
function defineFusedLayer<Args, Forward extends string, Backward extends string>(
  Stock: StockRecurrentClass<Args>, className: string, cell: CellKernel<Forward, Backward>) {
  class FusedRecurrentLayer extends Stock {
    static override className = className;
    readonly #runner = new FusedRnnRunner(cell);
    #fusedOp: FusedOp | undefined;
    /** Why the last call took the stock path (undefined when it was fused); for tests and diagnostics. */
    lastStockPathReason: string | undefined;

    constructor(args: Args) {
      super(args);
      releaseOnCollect.register(this, this.#runner, this);
    }

    override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
      this.lastStockPathReason = stockPathReason(this, inputs, kwargs);
      if (this.lastStockPathReason) {
        noteStockPath(className, this.lastStockPathReason);
        return super.call(inputs, kwargs);
      }
      this.#fusedOp ??= makeFusedOp(this.#runner, cellOf(this), this.returnSequences);
      return fusedCall(this.#fusedOp, this, cell.gateCount, inputs, kwargs);
    }

    override dispose() {
      const result = super.dispose();
      if (result.refCountAfterDispose === 0) {
        this.#runner.release();
        releaseOnCollect.unregister(this);
      }
      return result;
    }
  }
  tf.serialization.registerClass(FusedRecurrentLayer);
  return FusedRecurrentLayer;
}

/**
 * A fused layer class as a declaration file can spell it: the class defineFusedLayer returns is
 * anonymous with private members, which the library's shipped type declarations cannot name.
 */
type FusedLayerClass<Args> = (new (args: Args) => RNN & { lastStockPathReason: string | undefined }) & Pick<typeof RNN, 'className' | 'fromConfig'>;

export const FusedLSTM: FusedLayerClass<LSTMLayerArgs> = defineFusedLayer(stockLayerClass('LSTM'), 'FusedLSTM', lstmKernel);
export type FusedLSTM = InstanceType<typeof FusedLSTM>;
export const FusedGRU: FusedLayerClass<GRULayerArgs> = defineFusedLayer(stockLayerClass('GRU'), 'FusedGRU', gruKernel);
export type FusedGRU = InstanceType<typeof FusedGRU>;
export const FusedSimpleRNN: FusedLayerClass<SimpleRNNLayerArgs> = defineFusedLayer(stockLayerClass('SimpleRNN'), 'FusedSimpleRNN', simpleRnnKernel);
export type FusedSimpleRNN = InstanceType<typeof FusedSimpleRNN>;
