// The plain SIMD128 build of the kernel (used where relaxed SIMD is unavailable, or with
// WALKFORWARD_FUSED_RELAXED_SIMD=0) must match the stock layers and kernels as the relaxed build does.
// vitest runs each test file in its own process, so this file's kernel choice is its own.
import { beforeAll, describe, expect, it } from 'vitest';

process.env.WALKFORWARD_FUSED_RELAXED_SIMD = '0';

type Helpers = typeof import('./compare-helpers.ts');
type Tensor = import('@tensorflow/tfjs').Tensor;
let helpers: Helpers;

beforeAll(async () => {
  const { loadEngine } = await import('../../../src/models/engine.ts');
  await loadEngine('wasm');
  helpers = await import('./compare-helpers.ts');
});

describe('the SIMD128 kernel build', () => {
  it('is the build in use', async () => {
    const { fusedKernelVariant } = await import('../../../src/models/fused/index.ts');
    expect(fusedKernelVariant()).toBe('simd128');
  });

  it.each([
    ['lstm', 'sigmoid', true],
    ['lstm', 'hardSigmoid', false],
    ['gru', 'sigmoid', false],
    ['gru', 'hardSigmoid', true],
    ['rnn', 'sigmoid', false],
    ['rnn', 'sigmoid', true],
  ] as const)('%s recurrentActivation=%s returnSequences=%s matches the stock layer', (kind, recAct, returnSequences) => {
    for (const [shape, units] of [[[5, 7, 3], 6], [[9, 4, 10], 13], [[14, 5, 7], 20]] as Array<[[number, number, number], number]>) {
      const r = helpers.compare(kind, shape, units, recAct, returnSequences);
      for (const [name, err] of Object.entries(r)) expect(err, `${name} for shape ${shape}`).toBeLessThan(1e-4);
    }
  });
});

describe('the SIMD128 kernel build, kernel replacements and layer norm', () => {
  it('tf.matMul (every transpose, batched) matches the stock kernel', async () => {
    const tf = await import('@tensorflow/tfjs');
    const { useFusedKernels } = await import('../../../src/models/fused/index.ts');
    for (const [aShape, bShape, transposeA, transposeB] of [
      [[33, 70], [70, 19], false, false],
      [[300, 40], [300, 9], true, false],
      [[3, 6, 4], [3, 10, 4], false, true],
    ] as Array<[number[], number[], boolean, boolean]>) {
      const a = tf.randomNormal(aShape, 0, 1, 'float32', 1);
      const b = tf.randomNormal(bShape, 0, 1, 'float32', 2);
      const { stock, fused } = helpers.stockAndFused('wasm', () => tf.matMul(a, b, transposeA, transposeB));
      expect(helpers.relativeError(fused, stock)).toBeLessThan(1e-5);
      tf.dispose([a, b, stock, fused]);
    }
    useFusedKernels('wasm', false);
  });

  it('LayerNorm on the fused kernel matches its tf-ops path', async () => {
    const tf = await import('@tensorflow/tfjs');
    const { useFusedKernels } = await import('../../../src/models/fused/index.ts');
    const { layerNorm } = await import('../../../src/models/layers/layer-norm.ts');
    const layer = layerNorm({ epsilon: 1e-6 });
    const x = tf.randomNormal([4, 7, 13], 2, 3, 'float32', 3);
    layer.apply(x);
    layer.setWeights([tf.randomNormal([13], 1, 0.3, 'float32', 5), tf.randomNormal([13], 0, 0.3, 'float32', 6)]);
    const probe = tf.randomNormal([4, 7, 13], 0, 1, 'float32', 4);
    const dx = () => tf.grad((input: Tensor) => tf.sum(tf.mul(layer.apply(input) as Tensor, probe)))(x);
    const { stock, fused } = helpers.stockAndFused('wasm', () => [layer.apply(x) as Tensor, dx()]);
    useFusedKernels('wasm', false);
    expect(helpers.relativeError(fused[0], stock[0])).toBeLessThan(1e-5);
    expect(helpers.relativeError(fused[1], stock[1])).toBeLessThan(1e-5);
  });
});
