import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Compiles build/fused-rnn.wasm (the fused LSTM/GRU kernel) when missing or stale.
    globalSetup: ['test/helpers/fused-global-setup.ts'],
  },
});
