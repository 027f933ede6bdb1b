/**
 * What differs between the fused LSTM, GRU and SimpleRNN on the kernel side: gates per unit, the
 * wasm buffers only that cell's kernel uses, and its forward and backward entry points.
 * FusedRnnRunner does everything else (inputs in, batch/time swaps, outputs and gradients out)
 * once for all of them.
 */
import type { FusedKernelExports, RecurrentActivationCode } from './wasm-kernel.ts';

export interface RnnShape {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
}

/** Forward buffers every cell uses (time-major copies of x and the masks, weights, gates, states). */
export type SharedForwardBuffer = 'xIn' | 'x' | 'W' | 'U' | 'bias' | 'gates' | 'h' | 'out' | 'mask' | 'hm' | 'stepMaskIn' | 'stepMask';
/** Backward buffers every cell uses (dy in, scratch, transposes, gradients out). */
export type SharedBackwardBuffer = 'dyIn' | 'dy' | 'dZ' | 'dh' | 'dskip' | 'UT' | 'WT' | 'HT' | 'XT' | 'dxTime' | 'dx' | 'dW' | 'dU' | 'db';

/**
 * A forward call's arguments besides its buffers, which its backward call reuses: the shape, the
 * activation and the byte pointers of the recurrent dropout and step masks (0 when absent).
 */
export interface KernelCall {
  shape: RnnShape;
  /** The gates' activation; undefined for a cell without gates (SimpleRNN). */
  recurrentActivation: RecurrentActivationCode | undefined;
  recurrentMask: number;
  stepMask: number;
}

export interface CellKernel<Forward extends string, Backward extends string> {
  /** tfjs's weight layout: kernel [D, gateCount*H], recurrent kernel [H, gateCount*H], bias [gateCount*H]. */
  readonly gateCount: number;
  /** Sizes in floats of the forward buffers only this cell uses. */
  forwardBuffers(shape: RnnShape): Record<Forward, number>;
  forward(k: FusedKernelExports, call: KernelCall, f: Record<SharedForwardBuffer | Forward, number>): void;
  /** Sizes in floats of the backward buffers only this cell uses. */
  backwardBuffers(shape: RnnShape): Record<Backward, number>;
  /** `allSteps` 1: dy is [T,B,H] (returnSequences); 0: [B,H] for the last step. */
  backward(k: FusedKernelExports, call: KernelCall, allSteps: number, f: Record<SharedForwardBuffer | Forward, number>,
    p: Record<SharedBackwardBuffer | Backward, number>): void;
}

/** The gate activation of a gated cell's call (LSTM, GRU: their stock cells always have one). */
function gateActivation(call: KernelCall): RecurrentActivationCode {
  if (call.recurrentActivation === undefined) throw new Error('fused kernel: a gated cell was called without a recurrent activation');
  return call.recurrentActivation;
}

const LSTM_GATES = 4;

/** Gates i, f, c, o; c and h [T+1,B,H], tanh(c) [T,B,H]; zt and Up are scratch (assembly/lstm.ts). */
export const lstmKernel: CellKernel<'c' | 'tc' | 'zt' | 'Up', 'dc' | 'UTp'> = {
  gateCount: LSTM_GATES,
  forwardBuffers: ({ batch: B, steps: T, units: H }) => ({
    zt: B * LSTM_GATES * H, Up: H * LSTM_GATES * H, c: (T + 1) * B * H, tc: T * B * H,
  }),
  forward(k, call, f) {
    const { shape: { batch: B, steps: T, inputDim: D, units: H }, recurrentMask, stepMask } = call;
    k.lstmForward(T, B, D, H, f.x, f.W, f.U, f.bias, f.gates, f.c, f.h, f.tc, gateActivation(call), recurrentMask, f.hm, stepMask, f.zt, f.Up);
  },
  backwardBuffers: ({ batch: B, units: H }) => ({ dc: B * H, UTp: LSTM_GATES * H * H }),
  backward(k, call, allSteps, f, p) {
    const { shape: { batch: B, steps: T, inputDim: D, units: H }, recurrentMask, stepMask } = call;
    k.lstmBackward(T, B, D, H, allSteps, p.dy, f.x, f.W, f.U, f.gates, f.c, f.h, f.tc, gateActivation(call),
      p.dZ, p.dh, p.dc, p.UT, p.WT, p.HT, p.XT, p.dxTime, p.dW, p.dU, p.db, recurrentMask, f.hm, stepMask, p.dskip, p.UTp);
  },
};

const GRU_GATES = 3;

/**
 * Gates z, r, h with tfjs's GRU convention (no reset_after: r scales h_{t-1} before the recurrent
 * product, one bias); rh [T,B,H] = r*h_{t-1}; Up is scratch (assembly/gru.ts).
 */
export const gruKernel: CellKernel<'rh' | 'Up', 'dhPrev' | 'drh' | 'RHT' | 'UTp'> = {
  gateCount: GRU_GATES,
  forwardBuffers: ({ batch: B, steps: T, units: H }) => ({ rh: T * B * H, Up: H * GRU_GATES * H }),
  forward(k, call, f) {
    const { shape: { batch: B, steps: T, inputDim: D, units: H }, recurrentMask, stepMask } = call;
    k.gruForward(T, B, D, H, f.x, f.W, f.U, f.bias, f.gates, f.h, f.rh, gateActivation(call), recurrentMask, f.hm, stepMask, f.Up);
  },
  backwardBuffers: ({ batch: B, steps: T, units: H }) => ({ dhPrev: B * H, drh: B * H, RHT: H * T * B, UTp: GRU_GATES * H * H }),
  backward(k, call, allSteps, f, p) {
    const { shape: { batch: B, steps: T, inputDim: D, units: H }, recurrentMask, stepMask } = call;
    k.gruBackward(T, B, D, H, allSteps, p.dy, f.x, f.W, f.U, f.gates, f.h, f.rh, gateActivation(call),
      p.dZ, p.dh, p.dhPrev, p.drh, p.UT, p.WT, p.HT, p.RHT, p.XT, p.dxTime, p.dW, p.dU, p.db, recurrentMask, f.hm, stepMask, p.dskip, p.UTp);
  },
};

/**
 * One tanh unit per output, no gates: `gates` [T,B,H] holds each step's activation; zt and Up are
 * scratch (assembly/simple-rnn.ts).
 */
export const simpleRnnKernel: CellKernel<'zt' | 'Up', 'UTp'> = {
  gateCount: 1,
  forwardBuffers: ({ batch: B, units: H }) => ({ zt: B * H, Up: H * H }),
  forward(k, { shape: { batch: B, steps: T, inputDim: D, units: H }, recurrentMask, stepMask }, f) {
    k.simpleRnnForward(T, B, D, H, f.x, f.W, f.U, f.bias, f.gates, f.h, recurrentMask, f.hm, stepMask, f.zt, f.Up);
  },
  backwardBuffers: ({ units: H }) => ({ UTp: H * H }),
  backward(k, { shape: { batch: B, steps: T, inputDim: D, units: H }, recurrentMask, stepMask }, allSteps, f, p) {
    k.simpleRnnBackward(T, B, D, H, allSteps, p.dy, f.x, f.W, f.U, f.gates, f.h,
      p.dZ, p.dh, p.UT, p.WT, p.HT, p.XT, p.dxTime, p.dW, p.dU, p.db, recurrentMask, f.hm, stepMask, p.dskip, p.UTp);
  },
};
