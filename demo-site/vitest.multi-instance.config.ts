import { defineConfig } from 'vitest/config';

// Several Strapi processes per test file, all on one PostgreSQL database (TEST_POSTGRES_URL).
export default defineConfig({
  test: {
    include: ['tests/multi-instance/**/*.test.ts'],
    globalSetup: ['tests/support/compile.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 300_000,
    silent: 'passed-only',
  },
});
