/**
 * Per-layer state for the fused kernel: the wasm buffers one layer's forward pass fills and its
 * backward pass reads. Buffers are reserved once for the largest batch seen and reused, so the
 * wasm heap stays flat over epochs. Tensors in and out are batch-major [B, T, *] float32 arrays.
 */
import { fusedKernel, type FusedKernel } from './wasm-kernel.ts';

export type CellKind = 'lstm' | 'gru';
/** 0 = sigmoid, 1 = hardSigmoid (matches the kernel's `kind` argument). */
export type RecurrentActivationCode = 0 | 1;

export interface RnnShape {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
}

export interface RnnGradients {
  dx: Float32Array;
  dKernel: Float32Array;
  dRecurrentKernel: Float32Array;
  dBias: Float32Array;
}

/** A set of named float32 buffers carved out of one heap block. */
class BufferSet<Name extends string> {
  ptr = 0;
  private capacityBytes = 0;
  readonly offsets = {} as Record<Name, number>;

  constructor(private readonly kernel: FusedKernel) {}

  /** Lay out the buffers (sizes in floats), growing the block if needed. Returns byte pointers. */
  layout(sizes: Record<Name, number>): Record<Name, number> {
    let bytes = 0;
    const rel = {} as Record<Name, number>;
    for (const name of Object.keys(sizes) as Name[]) {
      rel[name] = bytes;
      bytes += Math.ceil((sizes[name] * 4 + 16) / 16) * 16;
    }
    if (bytes > this.capacityBytes) {
      if (this.capacityBytes > 0) this.kernel.heap.free(this.ptr);
      this.ptr = this.kernel.heap.alloc(bytes);
      this.capacityBytes = bytes;
    }
    for (const name of Object.keys(rel) as Name[]) this.offsets[name] = this.ptr + rel[name];
    return this.offsets;
  }

  release(): void {
    if (this.capacityBytes > 0) this.kernel.heap.free(this.ptr);
    this.capacityBytes = 0;
    this.ptr = 0;
  }
}

type ForwardBuffers = 'xIn' | 'x' | 'W' | 'U' | 'bias' | 'gates' | 'zt' | 'Up' | 'c' | 'h' | 'tc' | 'rh' | 'out' | 'mask' | 'hm' | 'stepMaskIn' | 'stepMask';
type BackwardBuffers = 'dyIn' | 'dy' | 'dZ' | 'dh' | 'dc' | 'drh' | 'dskip' | 'UT' | 'UTp' | 'WT' | 'HT' | 'RHT' | 'XT'
  | 'dxTime' | 'dx' | 'dW' | 'dU' | 'db';

export class FusedRnnRunner {
  private readonly kernel: FusedKernel;
  private readonly forwardSet: BufferSet<ForwardBuffers>;
  private readonly backwardSet: BufferSet<BackwardBuffers>;
  private generation = 0;
  private saved: { shape: RnnShape; kind: RecurrentActivationCode; masked: boolean; stepMasked: boolean } | undefined;

  constructor(readonly cell: CellKind) {
    this.kernel = fusedKernel();
    this.forwardSet = new BufferSet(this.kernel);
    this.backwardSet = new BufferSet(this.kernel);
  }

  private get gateCount(): number {
    return this.cell === 'lstm' ? 4 : 3;
  }

  /**
   * Run the layer over all steps. Returns the output ([B,T,H] if allSteps else [B,H]) and a token
   * that `backward` checks to know the saved activations are still this call's. `recurrentMask`
   * [B,H] applies recurrent dropout (training only) the way tfjs's cells do; `stepMask` [B,T]
   * (1 = real step, 0 = masked) carries the state over masked steps as tfjs's rnn does.
   */
  forward(shape: RnnShape, kind: RecurrentActivationCode, x: ArrayLike<number>, kernelW: ArrayLike<number>,
    recurrentU: ArrayLike<number>, bias: ArrayLike<number>, allSteps: boolean,
    recurrentMask?: ArrayLike<number>, stepMask?: ArrayLike<number>): { output: Float32Array; token: number } {
    const { batch: B, steps: T, inputDim: D, units: H } = shape;
    const G = this.gateCount * H;
    const TB = T * B;
    const p = this.forwardSet.layout({
      xIn: TB * D, x: TB * D, W: D * G, U: H * G, bias: G, gates: TB * G, zt: this.cell === 'lstm' ? B * G : 0, Up: this.cell === 'lstm' ? H * G : 0,
      c: this.cell === 'lstm' ? (T + 1) * B * H : 0, h: (T + 1) * B * H,
      tc: this.cell === 'lstm' ? TB * H : 0, rh: this.cell === 'gru' ? TB * H : 0,
      out: allSteps ? TB * H : 0,
      mask: recurrentMask ? B * H : 0, hm: recurrentMask ? TB * H : 0,
      stepMaskIn: stepMask ? TB : 0, stepMask: stepMask ? TB : 0,
    });
    const k = this.kernel;
    k.write(p.xIn, x);
    k.write(p.W, kernelW);
    k.write(p.U, recurrentU);
    k.write(p.bias, bias);
    k.exports.swapAxes01(B, T, D, p.xIn, p.x);
    const mask = recurrentMask ? p.mask : 0;
    if (recurrentMask) k.write(p.mask, recurrentMask);
    const steps = stepMask ? p.stepMask : 0;
    if (stepMask) {
      k.write(p.stepMaskIn, stepMask);
      k.exports.swapAxes01(B, T, 1, p.stepMaskIn, p.stepMask);
    }
    if (this.cell === 'lstm') k.exports.lstmForward(T, B, D, H, p.x, p.W, p.U, p.bias, p.gates, p.c, p.h, p.tc, kind, mask, p.hm, steps, p.zt, p.Up);
    else k.exports.gruForward(T, B, D, H, p.x, p.W, p.U, p.bias, p.gates, p.h, p.rh, kind, mask, p.hm, steps);
    let output: Float32Array;
    if (allSteps) {
      k.exports.swapAxes01(T, B, H, p.h + B * H * 4, p.out);
      output = k.read(p.out, TB * H);
    } else {
      output = k.read(p.h + TB * H * 4, B * H);
    }
    this.generation++;
    this.saved = { shape: { ...shape }, kind, masked: recurrentMask !== undefined, stepMasked: stepMask !== undefined };
    return { output, token: this.generation };
  }

  /** True while the activations saved by the forward call that returned `token` are intact. */
  holds(token: number): boolean {
    return this.saved !== undefined && this.generation === token;
  }

  /** Backpropagation through time for the last forward call; dy is [B,T,H] if allSteps else [B,H]. */
  backward(dy: ArrayLike<number>, allSteps: boolean): RnnGradients {
    if (!this.saved) throw new Error('FusedRnnRunner.backward called before forward');
    const { shape: { batch: B, steps: T, inputDim: D, units: H }, kind, masked, stepMasked } = this.saved;
    const G = this.gateCount * H;
    const TB = T * B;
    const f = this.forwardSet.offsets;
    const p = this.backwardSet.layout({
      dyIn: allSteps ? TB * H : 0, dy: allSteps ? TB * H : B * H, dZ: TB * G,
      dh: B * H, dc: B * H, drh: B * H, dskip: stepMasked ? B * H : 0, UT: G * H, UTp: this.cell === 'lstm' ? G * H : 0, WT: G * D, HT: H * TB, RHT: this.cell === 'gru' ? H * TB : 0,
      XT: D * TB, dxTime: TB * D, dx: TB * D, dW: D * G, dU: H * G, db: G,
    });
    const k = this.kernel;
    if (allSteps) {
      k.write(p.dyIn, dy);
      k.exports.swapAxes01(B, T, H, p.dyIn, p.dy);
    } else {
      k.write(p.dy, dy);
    }
    const all = allSteps ? 1 : 0;
    const mask = masked ? f.mask : 0;
    const steps = stepMasked ? f.stepMask : 0;
    if (this.cell === 'lstm') {
      k.exports.lstmBackward(T, B, D, H, all, p.dy, f.x, f.W, f.U, f.gates, f.c, f.h, f.tc, kind,
        p.dZ, p.dh, p.dc, p.UT, p.WT, p.HT, p.XT, p.dxTime, p.dW, p.dU, p.db, mask, f.hm, steps, p.dskip, p.UTp);
    } else {
      k.exports.gruBackward(T, B, D, H, all, p.dy, f.x, f.W, f.U, f.gates, f.h, f.rh, kind,
        p.dZ, p.dh, p.dc, p.drh, p.UT, p.WT, p.HT, p.RHT, p.XT, p.dxTime, p.dW, p.dU, p.db, mask, f.hm, steps, p.dskip);
    }
    k.exports.swapAxes01(T, B, D, p.dxTime, p.dx);
    return {
      dx: k.read(p.dx, TB * D),
      dKernel: k.read(p.dW, D * G),
      dRecurrentKernel: k.read(p.dU, H * G),
      dBias: k.read(p.db, G),
    };
  }

  /** Return this layer's buffers to the heap. The runner can be used again afterwards. */
  release(): void {
    this.forwardSet.release();
    this.backwardSet.release();
    this.saved = undefined;
  }
}
