/**
 * Loads the fused kernel (compiled from assembly/ by scripts/build-wasm.mjs) once per thread,
 * synchronously, and exposes its exports with the heap that manages its memory.
 *
 * Two builds exist: build/fused-rnn-relaxed.wasm uses relaxed SIMD's fused multiply-add (about
 * 1.3x faster training) and build/fused-rnn.wasm plain SIMD128. The relaxed build is used where
 * the engine validates it: Node >= 22 does by default; Node 20's V8 has it behind
 * --experimental-wasm-relaxed-simd, which is switched on here (process-wide; it only admits the
 * extra opcodes). WALKFORWARD_FUSED_RELAXED_SIMD=0 forces the SIMD128 build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { WasmHeap } from './wasm-heap.ts';

/** The kernel's recurrent activation argument: 0 = sigmoid, 1 = hardSigmoid. */
export type RecurrentActivationCode = 0 | 1;

/** Byte offsets (pointers) and sizes are plain numbers; the kernel works in float32. */
export interface FusedKernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gemm(M: number, N: number, K: number, A: number, lda: number, B: number, ldb: number, C: number, ldc: number, accumulate: number): void;
  transpose(rows: number, cols: number, src: number, lds: number, dst: number, ldd: number): void;
  swapAxes01(P: number, Q: number, D: number, src: number, dst: number): void;
  columnSums(M: number, N: number, src: number, out: number): void;
  mulRows(n: number, a: number, m: number, out: number): void;
  addInto(n: number, dst: number, src: number): void;
  batchMatMul(batch: number, M: number, N: number, K: number, A: number, strideA: number, transA: number,
    B: number, strideB: number, transB: number, C: number, At: number, Bt: number): void;
  layerNormForward(rows: number, cols: number, x: number, gamma: number, beta: number, epsilon: number, y: number): void;
  layerNormBackward(rows: number, cols: number, dy: number, x: number, gamma: number, epsilon: number,
    dx: number, dgamma: number, dbeta: number): void;
  maxPoolGrad(batch: number, inH: number, inW: number, C: number, outH: number, outW: number,
    strideH: number, strideW: number, fh: number, fw: number, x: number, dy: number, dx: number): void;
  adamStep(n: number, value: number, grad: number, m: number, v: number, beta1: number, beta2: number,
    oneMinusBeta1: number, oneMinusBeta2: number, oneMinusAccBeta1: number, oneMinusAccBeta2: number, negLearningRate: number, epsilon: number): void;
  lstmForward(T: number, B: number, D: number, H: number, x: number, W: number, U: number, bias: number,
    gates: number, c: number, h: number, tc: number, recurrentActivation: RecurrentActivationCode, mask: number, hm: number, stepMask: number, zt: number, Up: number): void;
  lstmBackward(T: number, B: number, D: number, H: number, dyAllSteps: number, dy: number,
    x: number, W: number, U: number, gates: number, c: number, h: number, tc: number, recurrentActivation: RecurrentActivationCode,
    dZ: number, dh: number, dc: number, UT: number, WT: number, HT: number, XT: number,
    dx: number, dW: number, dU: number, db: number, mask: number, hm: number, stepMask: number, dskip: number, UTp: number): void;
  gruForward(T: number, B: number, D: number, H: number, x: number, W: number, U: number, bias: number,
    gates: number, h: number, rh: number, recurrentActivation: RecurrentActivationCode, mask: number, hm: number, stepMask: number, Up: number): void;
  gruBackward(T: number, B: number, D: number, H: number, dyAllSteps: number, dy: number,
    x: number, W: number, U: number, gates: number, h: number, rh: number, recurrentActivation: RecurrentActivationCode,
    dZ: number, dh: number, dhPrev: number, drh: number, UT: number, WT: number, HT: number, RHT: number, XT: number,
    dx: number, dW: number, dU: number, db: number, mask: number, hm: number, stepMask: number, dskip: number, UTp: number): void;
  simpleRnnForward(T: number, B: number, D: number, H: number, x: number, W: number, U: number, bias: number,
    act: number, h: number, mask: number, hm: number, stepMask: number, zt: number, Up: number): void;
  simpleRnnBackward(T: number, B: number, D: number, H: number, dyAllSteps: number, dy: number,
    x: number, W: number, U: number, act: number, h: number,
    dZ: number, dh: number, UT: number, WT: number, HT: number, XT: number,
    dx: number, dW: number, dU: number, db: number, mask: number, hm: number, stepMask: number, dskip: number, UTp: number): void;
}

export type FusedKernelVariant = 'relaxed-simd' | 'simd128';

export interface FusedKernel {
  exports: FusedKernelExports;
  /** Which build runs: relaxed SIMD (fused multiply-add) or plain SIMD128. */
  variant: FusedKernelVariant;
  heap: WasmHeap;
  /** Copy `data` into kernel memory at byte offset `ptr`. */
  write(ptr: number, data: ArrayLike<number>): void;
  /** Copy `length` floats out of kernel memory (a fresh array, safe to hand to tfjs). */
  read(ptr: number, length: number): Float32Array;
  /** `length` floats of kernel memory in place, to copy from at once (the next allocation may move it). */
  view(ptr: number, length: number): Float32Array;
}

// The kernel is compiled into the package's build/ folder; this module runs from src/models/fused
// or, compiled, from dist/src/models/fused (one folder deeper). A symlink dist/build would not
// survive npm pack, which leaves symlinks out of the package.
const BUILD_DIR = new URL(import.meta.url.includes('/dist/src/models/') ? '../../../../build/' : '../../../build/', import.meta.url);
export const FUSED_WASM_PATH = fileURLToPath(new URL('fused-rnn.wasm', BUILD_DIR));
export const FUSED_RELAXED_WASM_PATH = fileURLToPath(new URL('fused-rnn-relaxed.wasm', BUILD_DIR));

/** File bytes typed as the BufferSource WebAssembly wants (a Buffer is a Uint8Array over an ArrayBuffer). */
function readBytes(file: string): Uint8Array<ArrayBuffer> {
  return readFileSync(file) as Uint8Array<ArrayBuffer>;
}

function relaxedBinary(): Uint8Array<ArrayBuffer> | undefined {
  if (process.env.WALKFORWARD_FUSED_RELAXED_SIMD === '0' || !existsSync(FUSED_RELAXED_WASM_PATH)) return undefined;
  const bytes = readBytes(FUSED_RELAXED_WASM_PATH);
  if (WebAssembly.validate(bytes)) return bytes;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return undefined;
  }
  return WebAssembly.validate(bytes) ? bytes : undefined;
}

let loaded: FusedKernel | undefined;

export function fusedKernel(): FusedKernel {
  if (loaded) return loaded;
  if (!existsSync(FUSED_WASM_PATH)) {
    throw new Error(`fused recurrent kernel not built: ${FUSED_WASM_PATH} is missing; run "npm run build:wasm"`);
  }
  const relaxed = relaxedBinary();
  const module = new WebAssembly.Module(relaxed ?? readBytes(FUSED_WASM_PATH));
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort(): never {
        throw new Error('fused RNN kernel aborted');
      },
    },
  });
  const exports = instance.exports as unknown as FusedKernelExports;
  const heap = new WasmHeap(exports.memory, exports.heapBase());
  loaded = {
    exports,
    variant: relaxed ? 'relaxed-simd' : 'simd128',
    heap,
    write(ptr, data) {
      new Float32Array(exports.memory.buffer, ptr, data.length).set(data);
    },
    read(ptr, length) {
      return new Float32Array(exports.memory.buffer, ptr, length).slice();
    },
    view(ptr, length) {
      return new Float32Array(exports.memory.buffer, ptr, length);
    },
  };
  return loaded;
}
