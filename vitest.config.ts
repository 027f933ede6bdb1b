import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: [
      // First, so everything after it (the kernel build, the workers, their child processes)
      // uses the run's private temp folder; the run fails if a test leaves anything there.
      'test/helpers/temp-guard.ts',
      // Compiles build/fused-rnn.wasm (the fused LSTM/GRU kernel) when missing or stale.
      'test/helpers/fused-global-setup.ts',
    ],
  },
});
