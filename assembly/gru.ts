// A whole GRU layer in one call each way, with tf.layers.gru's semantics (tfjs has no reset_after):
//   z = rec(x Wz + h Uz + bz), r = rec(x Wr + h Ur + br), hh = tanh(x Wh + (r*h) Uh + bh),
//   h' = z*h + (1-z)*hh.  Kernel W [D, 3H], recurrent kernel U [H, 3H], bias [3H], gates z, r, h.
// Sequences are time-major [T, B, *]; pointers are byte offsets; f32 throughout.
import { gemm, gemmPacked, packB, transpose, columnSums, mulRows, addInto } from './gemm';
import { recurrentV, recurrentGradV, tanhV, tanhGradV, storeN, f4 } from './math';

/**
 * gates [T,B,3H] receives activated z, r, hh; h is [T+1,B,H] (zero at index 0); rh [T,B,H] = r*h_{t-1}.
 * Recurrent dropout as tfjs's GRUCell does it: with a mask [B,H], h_{t-1} is replaced by
 * hm_t = h_{t-1} * mask everywhere in the step (products and the z-blend), saved in hm [T,B,H].
 * Masked steps (as tfjs's rnn with a mask): where stepMask [T,B] is 0, h_{t-1} carries over.
 * Up [H*3H] is scratch for U packed once for all steps.
 */
export function gruForward(T: i32, B: i32, D: i32, H: i32, x: usize, W: usize, U: usize, bias: usize,
  gates: usize, h: usize, rh: usize, kind: i32, mask: usize, hm: usize, stepMask: usize, Up: usize): void {
  const G = 3 * H;
  const TB = T * B;
  const hB = f4(H);
  // Each pre-activation sums bias, input projection and recurrent product in this order (each
  // product accumulating onto the gates), as before U was packed: the forecasts of a GRU trained
  // on this kernel stay bit for bit what they were. (LSTM's order, products into a scratch and the
  // bias added in the cell loop, would change them.)
  broadcastRows(TB, G, bias, gates);
  gemm(TB, G, D, x, D, W, G, gates, G, true);
  // The reset gate splits the recurrent product in two: h Uzr for z and r, then (r*h) Uh for hh.
  // Uzr [H,2H] and Uh [H,H] are packed apart, since Uh's first column 2H need not start a panel.
  const Uh = U + 2 * hB, Uhp = Up + f4(2 * H * H);
  packB(H, 2 * H, U, G, Up);
  packB(H, H, Uh, G, Uhp);
  const stateBytes = f4(B * H);
  memory.fill(h, 0, stateBytes);
  for (let t = 0; t < T; t++) {
    const gt = gates + <usize>t * f4(B * G);
    const hPrev = h + <usize>t * stateBytes, hn = hPrev + stateBytes;
    const rht = rh + <usize>t * stateBytes;
    let hp = hPrev;
    if (mask) {
      hp = hm + <usize>t * stateBytes;
      mulRows(B * H, hPrev, mask, hp);
    }
    gemmPacked(B, 2 * H, H, hp, H, U, G, Up, gt, G, true);
    for (let b = 0; b < B; b++) {
      const gRow = gt + <usize>b * f4(G);
      const sRow = <usize>b * f4(H);
      let j = 0;
      for (; j + 4 <= H; j += 4) gruResetUpdateGates(kind, gRow, hB, rht + sRow, hp + sRow, f4(j), 4);
      if (j < H) gruResetUpdateGates(kind, gRow, hB, rht + sRow, hp + sRow, f4(j), H - j);
    }
    gemmPacked(B, H, H, rht, H, Uh, G, Uhp, gt + 2 * hB, G, true);
    for (let b = 0; b < B; b++) {
      const gRow = gt + <usize>b * f4(G);
      const sRow = <usize>b * f4(H);
      const m = stepMask ? v128.load32_splat(stepMask + f4(t * B + b)) : f32x4.splat(1.0);
      const keep = f32x4.sub(f32x4.splat(1.0), m);
      let j = 0;
      for (; j + 4 <= H; j += 4) gruOutput(gRow, hB, hp + sRow, hPrev + sRow, hn + sRow, f4(j), stepMask, m, keep, 4);
      if (j < H) gruOutput(gRow, hB, hp + sRow, hPrev + sRow, hn + sRow, f4(j), stepMask, m, keep, H - j);
    }
  }
}

// Fill every row of dst[rows, n] with bias[n].
function broadcastRows(rows: i32, n: i32, bias: usize, dst: usize): void {
  const bytes = f4(n);
  for (let r = 0; r < rows; r++) memory.copy(dst + <usize>r * bytes, bias, bytes);
}

// z and r for one vector (n lanes) at byte offset o of gate row pg (pre-activations in place), and
// r * h_{t-1} into the rh row (hp: the step's h_{t-1}, masked under recurrent dropout).
@inline function gruResetUpdateGates(kind: i32, pg: usize, hB: usize, prh: usize, hp: usize, o: usize, n: i32): void {
  const zg = recurrentV(kind, v128.load(pg + o));
  const rg = recurrentV(kind, v128.load(pg + hB + o));
  storeN(pg + o, zg, n);
  storeN(pg + hB + o, rg, n);
  storeN(prh + o, f32x4.mul(rg, v128.load(hp + o)), n);
}

// hh and h_t = z*h + (1-z)*hh for one vector; h of a masked step (stepMask 0) is hPrev's unmasked value.
@inline function gruOutput(pg: usize, hB: usize, hp: usize, hPrev: usize, hn: usize, o: usize,
  stepMask: usize, m: v128, keep: v128, n: i32): void {
  const zg = v128.load(pg + o);
  const hh = tanhV(v128.load(pg + 2 * hB + o));
  storeN(pg + 2 * hB + o, hh, n);
  let hNew = f32x4.add(f32x4.mul(zg, v128.load(hp + o)), f32x4.mul(f32x4.sub(f32x4.splat(1.0), zg), hh));
  if (stepMask) hNew = f32x4.add(f32x4.mul(m, hNew), f32x4.mul(keep, v128.load(hPrev + o)));
  storeN(hn + o, hNew, n);
}

/**
 * Backpropagation through time. dy is [T,B,H] (dyAllSteps = 1) or [B,H] for the last step only.
 * Scratch: dZ [T,B,3H], dh, dhPrev, drh [B,H], UT [3H,H], WT [3H,D], HT and RHT [H,T*B], XT [D,T*B].
 * Outputs dx [T,B,D], dW [D,3H], dU [H,3H], db [3H]. mask/hm/stepMask as in gruForward (0 =
 * none); dskip [B,H] is scratch for the gradient that skips a masked step; UTp [3H*H] for the two
 * row blocks of U^T the steps multiply by, packed once for all steps.
 */
export function gruBackward(T: i32, B: i32, D: i32, H: i32, dyAllSteps: i32, dy: usize,
  x: usize, W: usize, U: usize, gates: usize, h: usize, rh: usize, kind: i32,
  dZ: usize, dhIn: usize, dhPrevIn: usize, drh: usize, UT: usize, WT: usize, HT: usize, RHT: usize, XT: usize,
  dx: usize, dW: usize, dU: usize, db: usize, mask: usize, hm: usize, stepMask: usize, dskip: usize, UTp: usize): void {
  const G = 3 * H;
  const TB = T * B;
  const stateBytes = f4(B * H);
  const hB = f4(H);
  let dh = dhIn, dhPrev = dhPrevIn;
  transpose(H, G, U, G, UT, H);
  // Uzr^T is UT's rows 0..2H-1, Uh^T its rows 2H..3H-1.
  const UhT = UT + <usize>2 * <usize>H * hB, UhTp = UTp + f4(2 * H * H);
  packB(2 * H, H, UT, H, UTp);
  packB(H, H, UhT, H, UhTp);
  memory.fill(dh, 0, stateBytes);
  for (let t = T - 1; t >= 0; t--) {
    const gt = gates + <usize>t * f4(B * G);
    const dzt = dZ + <usize>t * f4(B * G);
    // The step's h_{t-1} as the forward pass used it (masked under recurrent dropout).
    const hp = mask ? hm + <usize>t * stateBytes : h + <usize>t * stateBytes;
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
        if (stepMask) {
          // A masked step passed h through: that share of the gradient skips the cell.
          storeN(dskip + ps, f32x4.mul(keep, dhv), n);
          dhv = f32x4.mul(m, dhv);
        }
        const zg = v128.load(pg), hh = v128.load(pg + 2 * hB);
        const hpv = v128.load(hp + ps);
        const dz = f32x4.mul(dhv, f32x4.sub(hpv, hh));
        const dhh = f32x4.mul(dhv, f32x4.sub(f32x4.splat(1.0), zg));
        storeN(pd, f32x4.mul(dz, recurrentGradV(kind, zg)), n);
        storeN(pd + 2 * hB, f32x4.mul(dhh, tanhGradV(hh)), n);
        storeN(dhPrev + ps, f32x4.mul(dhv, zg), n);
      }
    }
    // d(r*h) = d(hh pre-activation) @ Uh^T
    gemmPacked(B, H, H, dzt + 2 * hB, G, UhT, H, UhTp, drh, H, false);
    for (let b = 0; b < B; b++) {
      const gRow = gt + <usize>b * f4(G);
      const dRow = dzt + <usize>b * f4(G);
      const sRow = <usize>b * f4(H);
      for (let j = 0; j < H; j += 4) {
        const n = min(4, H - j);
        const pg = gRow + f4(j);
        const pd = dRow + f4(j);
        const ps = sRow + f4(j);
        const rg = v128.load(pg + hB);
        const d = v128.load(drh + ps);
        storeN(pd + hB, f32x4.mul(f32x4.mul(d, v128.load(hp + ps)), recurrentGradV(kind, rg)), n);
        storeN(dhPrev + ps, f32x4.add(v128.load(dhPrev + ps), f32x4.mul(d, rg)), n);
      }
    }
    if (t > 0) {
      gemmPacked(B, H, 2 * H, dzt, G, UT, H, UTp, dhPrev, H, true);
      if (mask) mulRows(B * H, dhPrev, mask, dhPrev);
      if (stepMask) addInto(B * H, dhPrev, dskip);
    }
    const tmp = dh; dh = dhPrev; dhPrev = tmp;
  }
  transpose(TB, H, mask ? hm : h, H, HT, TB);
  gemm(H, 2 * H, TB, HT, TB, dZ, G, dU, G, false);
  transpose(TB, H, rh, H, RHT, TB);
  gemm(H, H, TB, RHT, TB, dZ + 2 * hB, G, dU + 2 * hB, G, false);
  transpose(TB, D, x, D, XT, TB);
  gemm(D, G, TB, XT, TB, dZ, G, dW, G, false);
  columnSums(TB, G, dZ, db);
  transpose(D, G, W, G, WT, D);
  gemm(TB, D, G, dZ, G, WT, D, dx, D, false);
}
