import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn real multi-process servers; two cores do not take much more parallelism.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
