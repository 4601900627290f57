// Environment for booting the Musterstadt Strapi: secrets, database, SMTP. One place for demo, tests and bench.
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const secret = () => randomBytes(16).toString('base64');

export function freshSecrets() {
  return {
    APP_KEYS: [secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
  };
}

const readDotEnv = (file) =>
  Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#') && line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

/** The demo keeps its secrets in demo-site/.env (git-ignored, readable by its owner only), created on first start. */
export function ensureDotEnv(dir = appDir) {
  const file = join(dir, '.env');
  if (!existsSync(file)) {
    const lines = Object.entries(freshSecrets()).map(([key, value]) => `${key}=${value}`);
    writeFileSync(file, `# Created on first start of the demo; keep it secret.\n${lines.join('\n')}\n`, { mode: 0o600 });
  }
  return readDotEnv(file);
}

/**
 * The demo admin's password: generated on the first start that asks for the demo admin, then kept in
 * demo-site/.env so it stays the same across restarts. `created` says whether it is new (print it then).
 */
export function demoAdminPassword(dir = appDir) {
  const file = join(dir, '.env');
  const existing = existsSync(file) ? readDotEnv(file).DEMO_ADMIN_PASSWORD : undefined;
  if (existing) return { password: existing, created: false };
  const password = randomBytes(18).toString('base64url');
  appendFileSync(file, `DEMO_ADMIN_PASSWORD=${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { password, created: true };
}

export const baseEnv = {
  STRAPI_TELEMETRY_DISABLED: 'true',
  BROWSER: 'none',
};
