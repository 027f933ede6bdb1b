// Entry point of the fused recurrent kernel (built to build/fused-rnn.wasm by scripts/build-wasm.mjs).
// No managed objects: the JS side owns the heap above heapBase() and passes byte offsets.
export { gemm, transpose, swapAxes01, columnSums, mulRows } from './gemm';
export { lstmForward, lstmBackward } from './lstm';
export { gruForward, gruBackward } from './gru';

export function heapBase(): usize {
  return __heap_base;
}
