// The host app's tests: integration tests on SQLite, again on PostgreSQL (always in CI), the multi-instance
// tests on PostgreSQL, then the end-to-end test, then the install test of the packed plugin.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { appDir } from './lib/app-env.mjs';

const postgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAnswers() {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function vitest(args, env = {}) {
  const result = spawnSync(join(appDir, 'node_modules', '.bin', 'vitest'), ['run', ...args], {
    cwd: appDir,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

console.log('\n== Integration tests on SQLite ==');
vitest([], { TEST_POSTGRES_URL: '' });

if (await postgresAnswers()) {
  console.log(`\n== Integration tests on PostgreSQL (${new URL(postgresUrl).host}) ==`);
  vitest([], { TEST_POSTGRES_URL: postgresUrl });
  // Several real Strapi processes on one PostgreSQL database (SKIP LOCKED, seats, reminders, SIGKILL).
  console.log('\n== Several instances on one PostgreSQL database ==');
  vitest(['--config', 'vitest.multi-instance.config.ts'], { TEST_POSTGRES_URL: postgresUrl });
} else if (process.env.CI) {
  // CI proves the PostgreSQL claims of the README on every run; a missing server is a failure, not a skip.
  console.error(`\nNo PostgreSQL answers at ${new URL(postgresUrl).host}: CI needs one (.ci/run starts it).`);
  process.exit(1);
} else {
  console.log(`\n== No PostgreSQL answers at ${new URL(postgresUrl).host}: PostgreSQL and multi-instance tests not run ==`);
}

// The end-to-end test also drives the admin panel, so it needs the built admin.
const build = spawnSync(join(appDir, 'node_modules', '.bin', 'strapi'), ['build'], {
  cwd: appDir,
  stdio: 'inherit',
  env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' },
});
if (build.status !== 0) process.exit(build.status ?? 1);

console.log('\n== End-to-end test (town website → widget → mail → confirm → unsubscribe) ==');
vitest(['--config', 'vitest.e2e.config.ts'], { TEST_POSTGRES_URL: '' });

console.log('\n== Install test (packed plugin → plain Strapi app outside the workspace → signup → mail) ==');
vitest(['--config', 'vitest.install.config.ts']);
