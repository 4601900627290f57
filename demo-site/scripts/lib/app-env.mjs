// Environment for booting the Musterstadt Strapi: secrets, database, SMTP. One place for demo, tests and bench.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The demo keeps its secrets in demo-site/.env (git-ignored), created on first start. */
export function ensureDotEnv() {
  const file = join(appDir, '.env');
  if (!existsSync(file)) {
    const lines = Object.entries(freshSecrets()).map(([key, value]) => `${key}=${value}`);
    writeFileSync(file, `# Created on first start of the demo; keep it secret.\n${lines.join('\n')}\n`);
  }
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#') && line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

export const baseEnv = {
  STRAPI_TELEMETRY_DISABLED: 'true',
  BROWSER: 'none',
};
