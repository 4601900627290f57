import { defineConfig } from 'vitest/config';

// Each test file boots its own Strapi; files run one after another (2 cores, one SQLite file each).
export default defineConfig({
  test: {
    include: ['tests/integration/**/*.test.ts'],
    globalSetup: ['tests/support/compile.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    silent: 'passed-only',
  },
});
