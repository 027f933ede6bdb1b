// One Adam step of a variable's n values in place, in tfjs's AdamOptimizer's operation order with
// every operation rounded to f32 as tfjs's kernels round it (so no fused multiply-add):
//   m = m*beta1 + g*(1-beta1);  v = v*beta2 + g^2*(1-beta2)
//   value = (m/(1-beta1^t)) / (sqrt(v/(1-beta2^t)) + epsilon) * (-learningRate) + value
// tfjs runs about a dozen kernels per variable for this; here it is one call. Pointers are byte
// offsets; the scalars arrive rounded to f32 by the caller as tfjs's scalar tensors hold them.
import { f4 } from './math';

export function adamStep(n: i32, value: usize, grad: usize, m: usize, v: usize, beta1: f32, beta2: f32,
  oneMinusBeta1: f32, oneMinusBeta2: f32, oneMinusAccBeta1: f32, oneMinusAccBeta2: f32, negLearningRate: f32, epsilon: f32): void {
  const b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2), c1 = f32x4.splat(oneMinusBeta1), c2 = f32x4.splat(oneMinusBeta2);
  const a1 = f32x4.splat(oneMinusAccBeta1), a2 = f32x4.splat(oneMinusAccBeta2), lr = f32x4.splat(negLearningRate), eps = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = f4(i);
    const g = v128.load(grad + o);
    const mNew = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(g, c1));
    const vNew = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(g, g), c2));
    v128.store(m + o, mNew);
    v128.store(v + o, vNew);
    const step = f32x4.div(f32x4.div(mNew, a1), f32x4.add(f32x4.sqrt(f32x4.div(vNew, a2)), eps));
    v128.store(value + o, f32x4.add(f32x4.mul(step, lr), v128.load(value + o)));
  }
  for (; i < n; i++) {
    const o = f4(i);
    const g = load<f32>(grad + o);
    const mNew = load<f32>(m + o) * beta1 + g * oneMinusBeta1;
    const vNew = load<f32>(v + o) * beta2 + g * g * oneMinusBeta2;
    store<f32>(m + o, mNew);
    store<f32>(v + o, vNew);
    const step = mNew / oneMinusAccBeta1 / (Mathf.sqrt(vNew / oneMinusAccBeta2) + epsilon);
    store<f32>(value + o, step * negLearningRate + load<f32>(value + o));
  }
}
