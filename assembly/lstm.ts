// A whole LSTM layer in one call each way: forward over all time steps (saving what backprop
// needs) and backpropagation through time. Layout and gate order follow tf.layers.lstm:
// kernel W [D, 4H], recurrent kernel U [H, 4H], bias [4H], gates i, f, c(g), o.
// Sequences are time-major [T, B, *]; pointers are byte offsets; f32 throughout.
import { gemm, gemmPacked, packB, transpose, columnSums, mulRows, addInto } from './gemm';
import { recurrentV, recurrentGradV, tanhV, tanhGradV, preGate, storeN, f4 } from './math';

/**
 * gates [T,B,4H] receives the activated gates (i, f, g, o); c and h are [T+1, B, H] with the zero
 * initial state at index 0; tc [T,B,H] holds tanh(c_t). kind: 0 sigmoid, 1 hardSigmoid.
 * Recurrent dropout (as tfjs): if mask [B,H] is non-zero, the recurrent product uses
 * hm_t = h_{t-1} * mask, saved in hm [T,B,H]. Masked steps (as tfjs's rnn with a mask): if
 * stepMask [T,B] is non-zero, where it is 0 the step carries h and c over unchanged.
 * zt [B,4H] is scratch for one step's recurrent product, Up [H*4H] for U packed once for all steps.
 */
export function lstmForward(T: i32, B: i32, D: i32, H: i32, x: usize, W: usize, U: usize, bias: usize,
  gates: usize, c: usize, h: usize, tc: usize, kind: i32, mask: usize, hm: usize, stepMask: usize, zt: usize, Up: usize): void {
  const G = 4 * H;
  const TB = T * B;
  // Input projections of all steps in one product. Bias and the recurrent product are added in
  // the cell loop: the recurrent product goes to zt, which stays in cache from step to step,
  // instead of accumulating onto gates_t, whose rows come cold from memory at every block.
  gemm(TB, G, D, x, D, W, G, gates, G, false);
  packB(H, G, U, G, Up);
  const stateBytes = f4(B * H);
  memory.fill(c, 0, stateBytes);
  memory.fill(h, 0, stateBytes);
  const hB = f4(H);
  for (let t = 0; t < T; t++) {
    const gt = gates + <usize>t * f4(B * G);
    const hp = h + <usize>t * stateBytes, hn = hp + stateBytes;
    const cp = c + <usize>t * stateBytes, cn = cp + stateBytes;
    const tct = tc + <usize>t * stateBytes;
    let hin = hp;
    if (mask) {
      hin = hm + <usize>t * stateBytes;
      mulRows(B * H, hp, mask, hin);
    }
    gemmPacked(B, G, H, hin, H, U, G, Up, zt, G, false);
    for (let b = 0; b < B; b++) {
      const gRow = gt + <usize>b * f4(G);
      const zRow = zt + <usize>b * f4(G);
      const sRow = <usize>b * f4(H);
      const m = stepMask ? v128.load32_splat(stepMask + f4(t * B + b)) : f32x4.splat(1.0);
      const keep = f32x4.sub(f32x4.splat(1.0), m);
      // Full vectors, then one partial vector (n < 4 lanes): n is a constant 4 in the main loop,
      // so the inlined cell's lane-count checks fold away there.
      let j = 0;
      for (; j + 4 <= H; j += 4) lstmCellForward(kind, gRow + f4(j), zRow + f4(j), bias + f4(j), hB, sRow + f4(j), cp, cn, hp, hn, tct, stepMask, m, keep, 4);
      if (j < H) lstmCellForward(kind, gRow + f4(j), zRow + f4(j), bias + f4(j), hB, sRow + f4(j), cp, cn, hp, hn, tct, stepMask, m, keep, H - j);
    }
  }
}

// One vector (n lanes) of LSTM cells at gate row pg (recurrent product row pz, bias pb) / state
// offset ps.
@inline function lstmCellForward(kind: i32, pg: usize, pz: usize, pb: usize, hB: usize, ps: usize, cp: usize, cn: usize, hp: usize, hn: usize,
  tct: usize, stepMask: usize, m: v128, keep: v128, n: i32): void {
  const ig = recurrentV(kind, preGate(pg, pz, pb, 0));
  const fg = recurrentV(kind, preGate(pg, pz, pb, hB));
  const gg = tanhV(preGate(pg, pz, pb, 2 * hB));
  const og = recurrentV(kind, preGate(pg, pz, pb, 3 * hB));
  const cpv = v128.load(cp + ps);
  let cNew = f32x4.add(f32x4.mul(fg, cpv), f32x4.mul(ig, gg));
  const tcNew = tanhV(cNew);
  let hNew = f32x4.mul(og, tcNew);
  if (stepMask) {
    cNew = f32x4.add(f32x4.mul(m, cNew), f32x4.mul(keep, cpv));
    hNew = f32x4.add(f32x4.mul(m, hNew), f32x4.mul(keep, v128.load(hp + ps)));
  }
  storeN(pg, ig, n);
  storeN(pg + hB, fg, n);
  storeN(pg + 2 * hB, gg, n);
  storeN(pg + 3 * hB, og, n);
  storeN(cn + ps, cNew, n);
  storeN(tct + ps, tcNew, n);
  storeN(hn + ps, hNew, n);
}

/**
 * Backpropagation through time. dy is [T,B,H] (dyAllSteps = 1, returnSequences) or [B,H] for the
 * last step only. Scratch: dZ [T,B,4H], dh and dc [B,H], UT [4H,H], WT [4H,D], HT [H,T*B], XT [D,T*B].
 * Outputs dx [T,B,D], dW [D,4H], dU [H,4H], db [4H]. mask/hm/stepMask as in lstmForward (0 =
 * none); dskip [B,H] is scratch for the gradient that skips a masked step; UTp [4H*H] for U^T
 * packed once for all steps.
 */
export function lstmBackward(T: i32, B: i32, D: i32, H: i32, dyAllSteps: i32, dy: usize,
  x: usize, W: usize, U: usize, gates: usize, c: usize, h: usize, tc: usize, kind: i32,
  dZ: usize, dh: usize, dc: usize, UT: usize, WT: usize, HT: usize, XT: usize,
  dx: usize, dW: usize, dU: usize, db: usize, mask: usize, hm: usize, stepMask: usize, dskip: usize, UTp: usize): void {
  const G = 4 * H;
  const TB = T * B;
  const stateBytes = f4(B * H);
  const hB = f4(H);
  transpose(H, G, U, G, UT, H);
  packB(G, H, UT, H, UTp);
  memory.fill(dh, 0, stateBytes);
  memory.fill(dc, 0, stateBytes);
  for (let t = T - 1; t >= 0; t--) {
    const gt = gates + <usize>t * f4(B * G);
    const dzt = dZ + <usize>t * f4(B * G);
    const cp = c + <usize>t * stateBytes;
    const tct = tc + <usize>t * stateBytes;
    const dyt: usize = dyAllSteps ? dy + <usize>t * stateBytes : (t == T - 1 ? dy : 0);
    for (let b = 0; b < B; b++) {
      const gRow = gt + <usize>b * f4(G);
      const dRow = dzt + <usize>b * f4(G);
      const sRow = <usize>b * f4(H);
      const m = stepMask ? v128.load32_splat(stepMask + f4(t * B + b)) : f32x4.splat(1.0);
      const keep = f32x4.sub(f32x4.splat(1.0), m);
      for (let j = 0; j < H; j += 4) {
        const n = min(4, H - j);
        const pg = gRow + f4(j);
        const pd = dRow + f4(j);
        const ps = sRow + f4(j);
        let dhv = v128.load(dh + ps);
        if (dyt) dhv = f32x4.add(dhv, v128.load(dyt + ps));
        let dcIn = v128.load(dc + ps);
        let dcKeep = f32x4.splat(0.0);
        if (stepMask) {
          // A masked step passed h and c through: that share of the gradient skips the cell.
          storeN(dskip + ps, f32x4.mul(keep, dhv), n);
          dcKeep = f32x4.mul(keep, dcIn);
          dhv = f32x4.mul(m, dhv);
          dcIn = f32x4.mul(m, dcIn);
        }
        const ig = v128.load(pg), fg = v128.load(pg + hB), gg = v128.load(pg + 2 * hB), og = v128.load(pg + 3 * hB);
        const tcv = v128.load(tct + ps);
        const dcv = f32x4.add(dcIn, f32x4.mul(f32x4.mul(dhv, og), tanhGradV(tcv)));
        storeN(pd, f32x4.mul(f32x4.mul(dcv, gg), recurrentGradV(kind, ig)), n);
        storeN(pd + hB, f32x4.mul(f32x4.mul(dcv, v128.load(cp + ps)), recurrentGradV(kind, fg)), n);
        storeN(pd + 2 * hB, f32x4.mul(f32x4.mul(dcv, ig), tanhGradV(gg)), n);
        storeN(pd + 3 * hB, f32x4.mul(f32x4.mul(dhv, tcv), recurrentGradV(kind, og)), n);
        storeN(dc + ps, f32x4.add(f32x4.mul(dcv, fg), dcKeep), n);
      }
    }
    if (t > 0) {
      gemmPacked(B, H, G, dzt, G, UT, H, UTp, dh, H, false);
      if (mask) mulRows(B * H, dh, mask, dh);
      if (stepMask) addInto(B * H, dh, dskip);
    }
  }
  // Weight gradients as three large products over all T*B rows at once.
  transpose(TB, H, mask ? hm : h, H, HT, TB);
  gemm(H, G, TB, HT, TB, dZ, G, dU, G, false);
  transpose(TB, D, x, D, XT, TB);
  gemm(D, G, TB, XT, TB, dZ, G, dW, G, false);
  columnSums(TB, G, dZ, db);
  transpose(D, G, W, G, WT, D);
  gemm(TB, D, G, dZ, G, WT, D, dx, D, false);
}
