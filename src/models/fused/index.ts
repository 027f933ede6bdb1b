/**
 * Fused layers for the wasm and cpu tfjs engines: drop-in replacements for tf.layers.lstm / gru /
 * simpleRNN (same args, weights, config) whose forward and backward passes are single calls into an
 * AssemblyScript/WebAssembly SIMD kernel; replacements for the stock kernels that bottleneck
 * training, tf.matMul on the same kernel among them (useFusedKernels; LayerNorm's normalisation
 * follows the same switch, layer-norm-op.ts); and Adam with one kernel call per variable (fusedAdam).
 */
import type { GRULayerArgs, LSTMLayerArgs, SimpleRNNLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/recurrent.js';
import { FusedGRU, FusedLSTM, FusedSimpleRNN } from './fused-layers.ts';
import { fusedKernel, FUSED_WASM_PATH } from './wasm-kernel.ts';
import { fusedKernelsInUse, useFusedKernels } from './kernel-overrides.ts';
import { FusedAdam, fusedAdam } from './fused-adam.ts';

export { FusedGRU, FusedLSTM, FusedSimpleRNN, FUSED_WASM_PATH, useFusedKernels, fusedKernelsInUse, FusedAdam, fusedAdam };
export type { GRULayerArgs, LSTMLayerArgs, SimpleRNNLayerArgs };

/** Same arguments as tf.layers.lstm. */
export function fusedLstm(args: LSTMLayerArgs): FusedLSTM {
  return new FusedLSTM(args);
}

/** Same arguments as tf.layers.gru. */
export function fusedGru(args: GRULayerArgs): FusedGRU {
  return new FusedGRU(args);
}

/** Same arguments as tf.layers.simpleRNN. */
export function fusedSimpleRnn(args: SimpleRNNLayerArgs): FusedSimpleRNN {
  return new FusedSimpleRNN(args);
}

/** Bytes of the fused kernel's wasm memory and of its live buffers (for memory-growth checks). */
export function fusedHeapStats(): { memoryBytes: number; liveBytes: number } {
  const { heap } = fusedKernel();
  return { memoryBytes: heap.memoryBytes, liveBytes: heap.liveBytes };
}

/** Which kernel build this thread runs: 'relaxed-simd' (fused multiply-add) or 'simd128'. */
export function fusedKernelVariant(): 'relaxed-simd' | 'simd128' {
  return fusedKernel().variant;
}

/** Throws a clear error (run "npm run build:wasm") if the kernel is not built or cannot load. */
export function assertFusedKernelAvailable(): void {
  fusedKernel();
}
