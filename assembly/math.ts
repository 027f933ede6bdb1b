// Vectorised float32 activations (4 lanes) accurate to a few ulp, plus a masked store for row tails
// and f4, the byte size of i floats.
//
// Constants live in a static table and are loaded with v128.load: V8 materialises each literal
// v128 constant through general registers (3-4 instructions, repeated inside loops), while a load
// from the table is one instruction.

const TABLE: usize = memory.data<f32>([
  -87.0, -87.0, -87.0, -87.0, // 0: exp input floor
  88.0, 88.0, 88.0, 88.0, // 1: exp input ceiling
  12582912.0, 12582912.0, 12582912.0, 12582912.0, // 2: 1.5 * 2^23 rounding magic
  1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341, // 3: log2(e)
  0.693359375, 0.693359375, 0.693359375, 0.693359375, // 4: ln2 high part
  -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, // 5: ln2 low part
  1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, // 6..11: expf polynomial
  1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3,
  8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3,
  4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2,
  1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1,
  5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1,
  1.0, 1.0, 1.0, 1.0, // 12: one
  0.2, 0.2, 0.2, 0.2, // 13: hardSigmoid slope
  0.5, 0.5, 0.5, 0.5, // 14: hardSigmoid offset
  0.0, 0.0, 0.0, 0.0, // 15: zero
  -7.90531110763549805, -7.90531110763549805, -7.90531110763549805, -7.90531110763549805, // 16: tanh clamp
  7.90531110763549805, 7.90531110763549805, 7.90531110763549805, 7.90531110763549805, // 17
  -2.76076847742355e-16, -2.76076847742355e-16, -2.76076847742355e-16, -2.76076847742355e-16, // 18..24: tanh numerator
  2.00018790482477e-13, 2.00018790482477e-13, 2.00018790482477e-13, 2.00018790482477e-13,
  -8.60467152213735e-11, -8.60467152213735e-11, -8.60467152213735e-11, -8.60467152213735e-11,
  5.12229709037114e-08, 5.12229709037114e-08, 5.12229709037114e-08, 5.12229709037114e-08,
  1.48572235717979e-05, 1.48572235717979e-05, 1.48572235717979e-05, 1.48572235717979e-05,
  6.37261928875436e-04, 6.37261928875436e-04, 6.37261928875436e-04, 6.37261928875436e-04,
  4.89352455891786e-03, 4.89352455891786e-03, 4.89352455891786e-03, 4.89352455891786e-03,
  1.19825839466702e-06, 1.19825839466702e-06, 1.19825839466702e-06, 1.19825839466702e-06, // 25..28: denominator
  1.18534705686654e-04, 1.18534705686654e-04, 1.18534705686654e-04, 1.18534705686654e-04,
  2.26843463243900e-03, 2.26843463243900e-03, 2.26843463243900e-03, 2.26843463243900e-03,
  4.89352518554385e-03, 4.89352518554385e-03, 4.89352518554385e-03, 4.89352518554385e-03,
]);
const I127: usize = memory.data<i32>([127, 127, 127, 127]);

@inline function k(index: i32): v128 {
  return v128.load(TABLE + (<usize>index << 4));
}

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// exp(x), Cephes expf: range reduction by ln2 in two parts and a degree-5 polynomial.
@inline export function expV(x0: v128): v128 {
  // pmin/pmax compile to single minps/maxps (min/max carry NaN rules that cost extra instructions).
  const x1 = f32x4.pmin(f32x4.pmax(x0, k(0)), k(1));
  // Round x*log2(e) to the nearest integer n with the 1.5*2^23 trick: the integer lands in the
  // low mantissa bits, so no float->int conversion is needed.
  const magic = k(2);
  const t = madd(x1, k(3), magic);
  const fx = f32x4.sub(t, magic);
  let x = f32x4.sub(x1, f32x4.mul(fx, k(4)));
  x = f32x4.sub(x, f32x4.mul(fx, k(5)));
  const z = f32x4.mul(x, x);
  let y = madd(k(6), x, k(7));
  y = madd(y, x, k(8));
  y = madd(y, x, k(9));
  y = madd(y, x, k(10));
  y = madd(y, x, k(11));
  y = f32x4.add(madd(y, z, x), k(12));
  // 2^n in the exponent bits: n = bits(t) - bits(magic), in [-126, 127] after the clamp.
  const n = i32x4.sub(t, magic);
  const pow2n = i32x4.shl(i32x4.add(n, v128.load(I127)), 23);
  return f32x4.mul(y, pow2n);
}

@inline export function sigmoidV(x: v128): v128 {
  const one = k(12);
  return f32x4.div(one, f32x4.add(one, expV(f32x4.neg(x))));
}

// tfjs hardSigmoid: clip(0.2 x + 0.5, 0, 1).
@inline export function hardSigmoidV(x: v128): v128 {
  return f32x4.pmin(f32x4.pmax(madd(x, k(13), k(14)), k(15)), k(12));
}

// tanh as Eigen's odd rational approximation (13/6) on [-7.9, 7.9]: within ~5 ulp, and relative
// accuracy near 0 is kept because the numerator carries the factor x.
@inline export function tanhV(x0: v128): v128 {
  const x = f32x4.pmin(f32x4.pmax(x0, k(16)), k(17));
  const x2 = f32x4.mul(x, x);
  let p = madd(k(18), x2, k(19));
  p = madd(p, x2, k(20));
  p = madd(p, x2, k(21));
  p = madd(p, x2, k(22));
  p = madd(p, x2, k(23));
  p = madd(p, x2, k(24));
  p = f32x4.mul(p, x);
  let q = madd(k(25), x2, k(26));
  q = madd(q, x2, k(27));
  q = madd(q, x2, k(28));
  return f32x4.div(p, q);
}

// Recurrent activation: 0 = sigmoid, 1 = hardSigmoid.
@inline export function recurrentV(kind: i32, x: v128): v128 {
  return kind == 0 ? sigmoidV(x) : hardSigmoidV(x);
}

// Derivative of the recurrent activation from its output a.
@inline export function recurrentGradV(kind: i32, a: v128): v128 {
  if (kind == 0) return f32x4.mul(a, f32x4.sub(k(12), a));
  // hardSigmoid: 0.2 where the clip is inactive (tfjs's clipByValue gradient includes the ends).
  const inside = v128.and(f32x4.gt(a, k(15)), f32x4.lt(a, k(12)));
  return v128.and(k(13), inside);
}

// 1 - a^2 (derivative of tanh from its output).
@inline export function tanhGradV(a: v128): v128 {
  return f32x4.sub(k(12), f32x4.mul(a, a));
}

// Pre-activation of the gate at `offset` bytes into a row: input projection (gate row pg) +
// recurrent product (row pz of the step's scratch) + bias (pb).
@inline export function preGate(pg: usize, pz: usize, pb: usize, offset: usize): v128 {
  return f32x4.add(f32x4.add(v128.load(pg + offset), v128.load(pz + offset)), v128.load(pb + offset));
}

// Bytes of i float32 values: element counts to pointer offsets.
@inline export function f4(i: i32): usize {
  return <usize>i << 2;
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
