// The fused kernel (recurrent layers, layer normalisation, tf.matMul, Adam, max-pool gradient), compiled by
// scripts/build-wasm.mjs to build/fused-rnn.wasm (SIMD128) and build/fused-rnn-relaxed.wasm
// (relaxed SIMD: fused multiply-add).
//
// One call runs a whole layer forward over all time steps (lstmForward / gruForward /
// simpleRnnForward, saving gates and states), one call runs its whole backpropagation through time
// (lstmBackward / gruBackward / simpleRnnBackward).
// The input projection x W and the weight gradients are single large products over all T*B rows;
// only h_{t-1} U (and dZ_t U^T) run per step. Products use the register-blocked SIMD gemm in
// gemm.ts, gate math the vectorised activations in math.ts.
//
// batchMatMul serves tf.matMul (BatchMatMul) on the same gemm, for the layers tfjs runs itself;
// layerNormForward / layerNormBackward a whole layer normalisation each way; adamStep one
// optimizer step of a variable; maxPoolGrad the gradient of non-overlapping max pooling.
//
// No managed objects (stub runtime): the JS side (src/models/fused/wasm-heap.ts) owns the memory
// above heapBase() and passes byte offsets; every buffer has 16 bytes of slack for row tails.
export { gemm, transpose, swapAxes01, columnSums, mulRows, addInto } from './gemm';
export { lstmForward, lstmBackward } from './lstm';
export { gruForward, gruBackward } from './gru';
export { simpleRnnForward, simpleRnnBackward } from './simple-rnn';
export { batchMatMul } from './matmul';
export { layerNormForward, layerNormBackward } from './layer-norm';
export { adamStep } from './adam';
export { maxPoolGrad } from './max-pool-grad';

export function heapBase(): usize {
  return __heap_base;
}
