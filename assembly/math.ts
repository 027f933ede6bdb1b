// Vectorised float32 activations (4 lanes) accurate to a few ulp, plus a masked store for row tails.

// exp(x), Cephes expf: range reduction by ln2 in two parts and a degree-5 polynomial.
@inline export function expV(x0: v128): v128 {
  const x1 = f32x4.min(f32x4.max(x0, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const fx = f32x4.floor(f32x4.add(f32x4.mul(x1, f32x4.splat(1.44269504088896341)), f32x4.splat(0.5)));
  let x = f32x4.sub(x1, f32x4.mul(fx, f32x4.splat(0.693359375)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(x, x);
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), x), f32x4.splat(1.0));
  // 2^n built in the exponent bits; n is in [-126, 127] after the clamp.
  const n = i32x4.trunc_sat_f32x4_s(fx);
  const pow2n = i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

@inline export function sigmoidV(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expV(f32x4.neg(x))));
}

// tfjs hardSigmoid: clip(0.2 x + 0.5, 0, 1).
@inline export function hardSigmoidV(x: v128): v128 {
  const y = f32x4.add(f32x4.mul(x, f32x4.splat(0.2)), f32x4.splat(0.5));
  return f32x4.min(f32x4.max(y, f32x4.splat(0.0)), f32x4.splat(1.0));
}

// tanh: odd polynomial for |x| < 0.625 (keeps relative accuracy near 0), else 1 - 2/(e^{2|x|}+1).
@inline export function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const e = expV(f32x4.add(ax, ax));
  const bigAbs = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  // Copy the sign of x onto the large-argument result.
  const signMask = i32x4.splat(0x80000000);
  const big = v128.or(bigAbs, v128.and(x, signMask));
  return v128.bitselect(small, big, f32x4.lt(ax, f32x4.splat(0.625)));
}

// Recurrent activation: 0 = sigmoid, 1 = hardSigmoid.
@inline export function recurrentV(kind: i32, x: v128): v128 {
  return kind == 0 ? sigmoidV(x) : hardSigmoidV(x);
}

// Derivative of the recurrent activation from its output a.
@inline export function recurrentGradV(kind: i32, a: v128): v128 {
  if (kind == 0) return f32x4.mul(a, f32x4.sub(f32x4.splat(1.0), a));
  // hardSigmoid: 0.2 where the clip is inactive (tfjs's clipByValue gradient includes the ends).
  const inside = v128.and(f32x4.gt(a, f32x4.splat(0.0)), f32x4.lt(a, f32x4.splat(1.0)));
  return v128.and(f32x4.splat(0.2), inside);
}

// 1 - a^2 (derivative of tanh from its output).
@inline export function tanhGradV(a: v128): v128 {
  return f32x4.sub(f32x4.splat(1.0), f32x4.mul(a, a));
}

// Store the first n (1..4) lanes of v; row tails read 4 lanes but must only write their own.
@inline export function storeN(p: usize, v: v128, n: i32): void {
  if (n >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}
