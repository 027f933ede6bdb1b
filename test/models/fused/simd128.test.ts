// The plain SIMD128 build of the kernel (used where relaxed SIMD is unavailable, or with
// WALKFORWARD_FUSED_RELAXED_SIMD=0) must match the stock layers as the relaxed build does.
// vitest runs each test file in its own process, so this file's kernel choice is its own.
import { beforeAll, describe, expect, it } from 'vitest';

process.env.WALKFORWARD_FUSED_RELAXED_SIMD = '0';

type Helpers = typeof import('./compare-helpers.ts');
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
