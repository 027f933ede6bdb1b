/**
 * FusedLSTM / FusedGRU: subclasses of tfjs's own LSTM / GRU layers that replace only call() with
 * the fused WebAssembly kernel. Everything else (weights and their names, initializers incl.
 * unitForgetBias, regularizers, constraints, config, output shapes) is the stock layer's, so weights
 * move between fused and stock layers unchanged. The fused path covers returnSequences, goBackwards,
 * masks, input and recurrent dropout; calls it does not cover (an initial state, returnState,
 * stateful, activations other than tanh with sigmoid/hardSigmoid) run the stock path.
 */
import * as tf from '@tensorflow/tfjs';
import type { GRU, GRULayerArgs, LSTM, LSTMLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/recurrent.js';
import { fusedCall, makeFusedOp, stockPathReason, type StockCellView, type StockRnnView } from './fused-rnn-call.ts';
import { gruKernel, lstmKernel } from './cell-kernels.ts';
import { FusedRnnRunner } from './rnn-runner.ts';

type Kwargs = Record<string, unknown>;

function stockLayerClass<T>(className: string): T {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`tfjs layer class ${className} is not registered`);
  return entry[0] as unknown as T;
}

const StockLSTM = stockLayerClass<typeof LSTM>('LSTM');
const StockGRU = stockLayerClass<typeof GRU>('GRU');

const warnedReasons = new Set<string>();

/** Say once per process and reason that a fused layer runs the (much slower) stock computation. */
function noteStockPath(layerClass: string, reason: string | undefined): void {
  if (!reason || warnedReasons.has(`${layerClass}:${reason}`)) return;
  warnedReasons.add(`${layerClass}:${reason}`);
  console.warn(`${layerClass}: the fused kernel does not support ${reason}; using the stock tfjs computation (slower)`);
}

// Free a garbage-collected layer's wasm buffers (dispose() frees them eagerly).
const releaseOnCollect = new FinalizationRegistry<{ release(): void }>((runner) => runner.release());

export class FusedLSTM extends StockLSTM {
  static override className = 'FusedLSTM';
  private readonly runner: FusedRnnRunner<'c' | 'tc' | 'zt' | 'Up', 'dc' | 'UTp'>;
  private fusedOp: ReturnType<typeof makeFusedOp> | undefined;
  /** Why the last call took the stock path (undefined when it was fused); for tests and diagnostics. */
  lastStockPathReason: string | undefined;

  constructor(args: LSTMLayerArgs) {
    super(args);
    this.runner = new FusedRnnRunner(lstmKernel);
    releaseOnCollect.register(this, this.runner, this);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    this.lastStockPathReason = stockPathReason(this as unknown as StockRnnView, inputs, kwargs);
    if (this.lastStockPathReason) {
      noteStockPath(this.getClassName(), this.lastStockPathReason);
      return super.call(inputs, kwargs);
    }
    const cell = this.cell as unknown as StockCellView;
    this.fusedOp ??= makeFusedOp(this.runner, cell, this.returnSequences);
    return fusedCall(this.fusedOp, this as unknown as StockRnnView, lstmKernel.gateCount, inputs, kwargs);
  }

  override dispose() {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0) {
      this.runner.release();
      releaseOnCollect.unregister(this);
    }
    return result;
  }
}

export class FusedGRU extends StockGRU {
  static override className = 'FusedGRU';
  private readonly runner: FusedRnnRunner<'rh', 'dhPrev' | 'drh' | 'RHT'>;
  private fusedOp: ReturnType<typeof makeFusedOp> | undefined;
  lastStockPathReason: string | undefined;

  constructor(args: GRULayerArgs) {
    super(args);
    this.runner = new FusedRnnRunner(gruKernel);
    releaseOnCollect.register(this, this.runner, this);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    this.lastStockPathReason = stockPathReason(this as unknown as StockRnnView, inputs, kwargs);
    if (this.lastStockPathReason) {
      noteStockPath(this.getClassName(), this.lastStockPathReason);
      return super.call(inputs, kwargs);
    }
    const cell = this.cell as unknown as StockCellView;
    this.fusedOp ??= makeFusedOp(this.runner, cell, this.returnSequences);
    return fusedCall(this.fusedOp, this as unknown as StockRnnView, gruKernel.gateCount, inputs, kwargs);
  }

  override dispose() {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0) {
      this.runner.release();
      releaseOnCollect.unregister(this);
    }
    return result;
  }
}

tf.serialization.registerClass(FusedLSTM);
tf.serialization.registerClass(FusedGRU);
