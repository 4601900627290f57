import { defineConfig } from 'vitest/config';

// The install test: a plain Strapi app outside the workspace, the packed plugin installed with npm.
export default defineConfig({
  test: {
    include: ['tests/install/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    // npm install of Strapi with better-sqlite3 built from source: 3-4 min of CPU, but 12-23 min of wall
    // time on the shared 2-core development machine under load.
    hookTimeout: 1_800_000,
    silent: 'passed-only',
  },
});
