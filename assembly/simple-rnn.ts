// A whole SimpleRNN layer in one call each way, with tf.layers.simpleRNN's semantics:
//   h' = tanh(x W + h U + b).  Kernel W [D, H], recurrent kernel U [H, H], bias [H].
// The same structure as lstm.ts with one gate: input projection of all steps in one product, the
// recurrent product per step from U packed once into the zt scratch, the weight gradients as
// products over all T*B rows. Sequences are time-major [T, B, *]; pointers are byte offsets.
import { gemm, gemmPacked, packB, transpose, columnSums, mulRows, addInto } from './gemm';
import { tanhV, tanhGradV, preGate, storeN, f4 } from './math';

/**
 * act [T,B,H] receives tanh of each step's pre-activation; h is [T+1,B,H] with the zero initial
 * state at index 0 (h differs from act only at masked steps). Recurrent dropout (as tfjs's
 * SimpleRNNCell): with a mask [B,H], the recurrent product uses hm_t = h_{t-1} * mask, saved in
 * hm [T,B,H]. Masked steps (as tfjs's rnn with a mask): where stepMask [T,B] is 0, h_{t-1} carries
 * over. zt [B,H] is scratch for one step's recurrent product, Up [H*H] for U packed once.
 */
export function simpleRnnForward(T: i32, B: i32, D: i32, H: i32, x: usize, W: usize, U: usize, bias: usize,
  act: usize, h: usize, mask: usize, hm: usize, stepMask: usize, zt: usize, Up: usize): void {
  const TB = T * B;
  gemm(TB, H, D, x, D, W, H, act, H, false);
  packB(H, H, U, H, Up);
  const stateBytes = f4(B * H);
  memory.fill(h, 0, stateBytes);
  for (let t = 0; t < T; t++) {
    const at = act + <usize>t * stateBytes;
    const hp = h + <usize>t * stateBytes, hn = hp + stateBytes;
    let hin = hp;
    if (mask) {
      hin = hm + <usize>t * stateBytes;
      mulRows(B * H, hp, mask, hin);
    }
    gemmPacked(B, H, H, hin, H, U, H, Up, zt, H, false);
    for (let b = 0; b < B; b++) {
      const row = <usize>b * f4(H);
      const m = stepMask ? v128.load32_splat(stepMask + f4(t * B + b)) : f32x4.splat(1.0);
      const keep = f32x4.sub(f32x4.splat(1.0), m);
      let j = 0;
      for (; j + 4 <= H; j += 4) simpleRnnCellForward(at + row, zt + row, bias, hp + row, hn + row, f4(j), stepMask, m, keep, 4);
      if (j < H) simpleRnnCellForward(at + row, zt + row, bias, hp + row, hn + row, f4(j), stepMask, m, keep, H - j);
    }
  }
}

// One vector (n lanes) of cells at byte offset o of a row: activation row pa (holding x W), recurrent
// product row pz, previous and next state rows hp and hn.
@inline function simpleRnnCellForward(pa: usize, pz: usize, pb: usize, hp: usize, hn: usize, o: usize,
  stepMask: usize, m: v128, keep: v128, n: i32): void {
  const a = tanhV(preGate(pa, pz, pb, o));
  let hNew = a;
  if (stepMask) hNew = f32x4.add(f32x4.mul(m, a), f32x4.mul(keep, v128.load(hp + o)));
  storeN(pa + o, a, n);
  storeN(hn + o, hNew, n);
}

/**
 * Backpropagation through time. dy is [T,B,H] (dyAllSteps = 1, returnSequences) or [B,H] for the
 * last step only. Scratch: dZ [T,B,H], dh [B,H], UT [H,H], WT [H,D], HT [H,T*B], XT [D,T*B],
 * UTp [H*H] for U^T packed once for all steps. Outputs dx [T,B,D], dW [D,H], dU [H,H], db [H].
 * mask/hm/stepMask as in simpleRnnForward (0 = none); dskip [B,H] is scratch for the gradient that
 * skips a masked step.
 */
export function simpleRnnBackward(T: i32, B: i32, D: i32, H: i32, dyAllSteps: i32, dy: usize,
  x: usize, W: usize, U: usize, act: usize, h: usize,
  dZ: usize, dh: usize, UT: usize, WT: usize, HT: usize, XT: usize,
  dx: usize, dW: usize, dU: usize, db: usize, mask: usize, hm: usize, stepMask: usize, dskip: usize, UTp: usize): void {
  const TB = T * B;
  const stateBytes = f4(B * H);
  transpose(H, H, U, H, UT, H);
  packB(H, H, UT, H, UTp);
  memory.fill(dh, 0, stateBytes);
  for (let t = T - 1; t >= 0; t--) {
    const at = act + <usize>t * stateBytes;
    const dzt = dZ + <usize>t * stateBytes;
    const dyt: usize = dyAllSteps ? dy + <usize>t * stateBytes : (t == T - 1 ? dy : 0);
    for (let b = 0; b < B; b++) {
      const m = stepMask ? v128.load32_splat(stepMask + f4(t * B + b)) : f32x4.splat(1.0);
      const keep = f32x4.sub(f32x4.splat(1.0), m);
      for (let j = 0; j < H; j += 4) {
        const n = min(4, H - j);
        const o = <usize>b * f4(H) + f4(j);
        let dhv = v128.load(dh + o);
        if (dyt) dhv = f32x4.add(dhv, v128.load(dyt + o));
        if (stepMask) {
          // A masked step passed h through: that share of the gradient skips the cell.
          storeN(dskip + o, f32x4.mul(keep, dhv), n);
          dhv = f32x4.mul(m, dhv);
        }
        storeN(dzt + o, f32x4.mul(dhv, tanhGradV(v128.load(at + o))), n);
      }
    }
    if (t > 0) {
      gemmPacked(B, H, H, dzt, H, UT, H, UTp, dh, H, false);
      if (mask) mulRows(B * H, dh, mask, dh);
      if (stepMask) addInto(B * H, dh, dskip);
    }
  }
  // Weight gradients as three large products over all T*B rows at once.
  transpose(TB, H, mask ? hm : h, H, HT, TB);
  gemm(H, H, TB, HT, TB, dZ, H, dU, H, false);
  transpose(TB, D, x, D, XT, TB);
  gemm(D, H, TB, XT, TB, dZ, H, dW, H, false);
  columnSums(TB, H, dZ, db);
  transpose(D, H, W, H, WT, D);
  gemm(TB, D, H, dZ, H, WT, D, dx, D, false);
}
