/**
 * Per-layer state for the fused kernel: the wasm buffers one layer's forward pass fills and its
 * backward pass reads. Buffers are reserved once for the largest batch seen and reused, so the
 * wasm heap stays flat over epochs. Tensors in and out are batch-major [B, T, *] float32 arrays.
 */
import type { CellKernel, KernelCall, RnnShape, SharedBackwardBuffer, SharedForwardBuffer } from './cell-kernels.ts';
import { BufferSet } from './wasm-buffers.ts';
import { fusedKernel, type FusedKernel, type RecurrentActivationCode } from './wasm-kernel.ts';

export interface RnnGradients {
  dx: Float32Array;
  dKernel: Float32Array;
  dRecurrentKernel: Float32Array;
  dBias: Float32Array;
}

export class FusedRnnRunner<Forward extends string, Backward extends string> {
  private readonly kernel: FusedKernel;
  private readonly forwardSet: BufferSet<SharedForwardBuffer | Forward>;
  private readonly backwardSet: BufferSet<SharedBackwardBuffer | Backward>;
  private generation = 0;
  /** The last forward call's kernel arguments: backward runs on the buffers it filled. */
  private saved: KernelCall | undefined;

  constructor(private readonly cell: CellKernel<Forward, Backward>) {
    this.kernel = fusedKernel();
    this.forwardSet = new BufferSet(this.kernel);
    this.backwardSet = new BufferSet(this.kernel);
  }

  /**
   * Run the layer over all steps. Returns the output ([B,T,H] if allSteps else [B,H]; a view into
   * the kernel's memory, to copy out before the next kernel allocation) and a token
   * that `backward` checks to know the saved activations are still this call's. `recurrentActivation`
   * is the gates' activation (undefined for a cell without gates: SimpleRNN). `recurrentMask`
   * [B,H] applies recurrent dropout (training only) the way tfjs's cells do; `stepMask` [B,T]
   * (1 = real step, 0 = masked) carries the state over masked steps as tfjs's rnn does.
   */
  forward(shape: RnnShape, recurrentActivation: RecurrentActivationCode | undefined, x: ArrayLike<number>, kernelW: ArrayLike<number>,
    recurrentU: ArrayLike<number>, bias: ArrayLike<number>, allSteps: boolean,
    recurrentMask?: ArrayLike<number>, stepMask?: ArrayLike<number>): { output: Float32Array; token: number } {
    const { batch: B, steps: T, inputDim: D, units: H } = shape;
    const G = this.cell.gateCount * H;
    const TB = T * B;
    const p = this.forwardSet.layout({
      xIn: TB * D, x: TB * D, W: D * G, U: H * G, bias: G, gates: TB * G, h: (T + 1) * B * H,
      out: allSteps ? TB * H : 0,
      mask: recurrentMask ? B * H : 0, hm: recurrentMask ? TB * H : 0,
      stepMaskIn: stepMask ? TB : 0, stepMask: stepMask ? TB : 0,
      ...this.cell.forwardBuffers(shape),
    });
    const k = this.kernel;
    k.write(p.xIn, x);
    k.write(p.W, kernelW);
    k.write(p.U, recurrentU);
    k.write(p.bias, bias);
    k.exports.swapAxes01(B, T, D, p.xIn, p.x);
    if (recurrentMask) k.write(p.mask, recurrentMask);
    if (stepMask) {
      k.write(p.stepMaskIn, stepMask);
      k.exports.swapAxes01(B, T, 1, p.stepMaskIn, p.stepMask);
    }
    const call: KernelCall = {
      shape: { ...shape },
      recurrentActivation,
      recurrentMask: recurrentMask ? p.mask : 0,
      stepMask: stepMask ? p.stepMask : 0,
    };
    this.cell.forward(k.exports, call, p);
    let output: Float32Array;
    if (allSteps) {
      k.exports.swapAxes01(T, B, H, p.h + B * H * 4, p.out);
      output = k.view(p.out, TB * H);
    } else {
      output = k.view(p.h + TB * H * 4, B * H);
    }
    this.generation++;
    this.saved = call;
    return { output, token: this.generation };
  }

  /** True while the activations saved by the forward call that returned `token` are intact. */
  holds(token: number): boolean {
    return this.saved !== undefined && this.generation === token;
  }

  /**
   * Backpropagation through time for the last forward call; dy is [B,T,H] if allSteps else [B,H].
   * The gradients are views into the kernel's memory, to copy out before the next kernel allocation.
   */
  backward(dy: ArrayLike<number>, allSteps: boolean): RnnGradients {
    if (!this.saved) throw new Error('FusedRnnRunner.backward called before forward');
    const call = this.saved;
    const { batch: B, steps: T, inputDim: D, units: H } = call.shape;
    const G = this.cell.gateCount * H;
    const TB = T * B;
    const p = this.backwardSet.layout({
      dyIn: allSteps ? TB * H : 0, dy: allSteps ? TB * H : B * H, dZ: TB * G,
      dh: B * H, dskip: call.stepMask ? B * H : 0, UT: G * H, WT: G * D, HT: H * TB,
      XT: D * TB, dxTime: TB * D, dx: TB * D, dW: D * G, dU: H * G, db: G,
      ...this.cell.backwardBuffers(call.shape),
    });
    const k = this.kernel;
    if (allSteps) {
      k.write(p.dyIn, dy);
      k.exports.swapAxes01(B, T, H, p.dyIn, p.dy);
    } else {
      k.write(p.dy, dy);
    }
    this.cell.backward(k.exports, call, allSteps ? 1 : 0, this.forwardSet.offsets, p);
    k.exports.swapAxes01(T, B, D, p.dxTime, p.dx);
    return {
      dx: k.view(p.dx, TB * D),
      dKernel: k.view(p.dW, D * G),
      dRecurrentKernel: k.view(p.dU, H * G),
      dBias: k.view(p.db, G),
    };
  }

  /** Return this layer's buffers to the heap. The runner can be used again afterwards. */
  release(): void {
    this.forwardSet.release();
    this.backwardSet.release();
    this.saved = undefined;
  }
}
