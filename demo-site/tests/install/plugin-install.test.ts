import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDir, freshSecrets } from '../../scripts/lib/app-env.mjs';
import { publicApi, signupBody } from '../support/http';
import { linkTo, MailCatcher } from '../support/mail-catcher';
import { freePort, TOWN_ORIGIN } from '../support/strapi';

/**
 * What README "Installing the plugin in a town's Strapi" promises, done literally: a plain Strapi 5
 * app outside the workspace (hand-written like a `create-strapi-app --js` one), the packed plugin
 * installed with plain npm, enabled in config/plugins.js, started with `strapi start`, content
 * created by an editor through the admin API, a signup over HTTP, the confirmation mail at a real
 * SMTP server. No workspace package can leak in: the app lives under the OS temp directory.
 */

const repoDir = join(appDir, '..');
const pluginDir = join(repoDir, 'strapi-plugin');
const { version } = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));
const tarball = join(repoDir, 'packed', `civic-dialog-strapi-plugin-${version}.tgz`);

/** The host app's own dependencies, at the versions the demo host uses (Strapi 5.54.0, better-sqlite3 12). */
const demoDependencies = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')).dependencies;
const HOST_DEPENDENCIES = ['@strapi/strapi', 'better-sqlite3', 'react', 'react-dom', 'react-router-dom', 'styled-components'];

const EDITOR = { email: 'redaktion@teststadt.example', password: 'Teststadt-Redaktion-2026', firstname: 'Rita', lastname: 'Redaktion' };

const APP_FILES: Record<string, string> = {
  'config/server.js': `module.exports = ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  app: { keys: env.array('APP_KEYS') },
});
`,
  'config/database.js': `const path = require('path');

module.exports = ({ env }) => ({
  connection: {
    client: 'sqlite',
    connection: { filename: path.join(__dirname, '..', env('DATABASE_FILENAME', '.tmp/data.db')) },
    useNullAsDefault: true,
  },
});
`,
  'config/admin.js': `module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
});
`,
  'config/middlewares.js': `module.exports = ({ env }) => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  { name: 'strapi::cors', config: { origin: env.array('CIVIC_ALLOWED_ORIGINS') } },
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
`,
  'config/plugins.js': `module.exports = ({ env }) => ({
  'civic-dialog': {
    enabled: true,
    config: {
      publicUrl: env('PUBLIC_URL'),
      allowedOrigins: env.array('CIVIC_ALLOWED_ORIGINS'),
      town: {
        name: 'Teststadt',
        websiteUrl: 'https://www.teststadt.example',
        privacyUrl: 'https://www.teststadt.example/datenschutz',
      },
      mail: {
        from: 'Stadt Teststadt <newsletter@teststadt.example>',
        smtp: { host: env('SMTP_HOST'), port: env.int('SMTP_PORT') },
      },
    },
  },
});
`,
  'public/uploads/.gitkeep': '',
  'src/index.js': `module.exports = {
  register() {},
  bootstrap() {},
};
`,
};

/** This process's environment without what pnpm/npm set for the workspace run (prefix, lockfile flags). */
function plainEnvironment(): NodeJS.ProcessEnv {
  const kept = ['npm_config_nodedir', 'npm_config_cache', 'npm_config_cafile', 'npm_config_registry'];
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => kept.includes(key) || !/^(npm_|pnpm_|PNPM_|INIT_CWD$|NODE_PATH$|NODE_ENV$|VITEST)/.test(key),
    ),
  );
}

/** To look into the app after a failure (or rerun quickly on its node_modules), name a directory to keep it in. */
const keptDir = process.env.CIVIC_INSTALL_TEST_DIR || undefined;
let townDir: string;
let strapi: ChildProcess | undefined;
let strapiOutput = '';
let mail: MailCatcher;
let baseUrl: string;

async function waitUntilHealthy(deadlineMs: number) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (strapi?.exitCode !== null) throw new Error(`strapi start exited with ${strapi?.exitCode}:\n${strapiOutput}`);
    const health = await fetch(`${baseUrl}/_health`).catch(() => null);
    if (health?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Strapi did not answer /_health within ${deadlineMs / 1000} s:\n${strapiOutput}`);
}

beforeAll(async () => {
  if (!existsSync(tarball) || statSync(tarball).mtimeMs < statSync(join(pluginDir, 'dist/server/index.js')).mtimeMs) {
    throw new Error(`${tarball} is missing or older than the plugin build: run \`pnpm run pack\` first`);
  }

  townDir = keptDir ?? mkdtempSync(join(tmpdir(), 'civic-town-cms-'));
  rmSync(join(townDir, '.tmp'), { recursive: true, force: true }); // a fresh SQLite database in a kept app too
  const dependencies = Object.fromEntries(HOST_DEPENDENCIES.map((name) => [name, demoDependencies[name]]));
  writeFileSync(
    join(townDir, 'package.json'),
    JSON.stringify({ name: 'teststadt-cms', private: true, scripts: { build: 'strapi build', start: 'strapi start' }, dependencies }, null, 2),
  );
  for (const [file, content] of Object.entries(APP_FILES)) {
    mkdirSync(dirname(join(townDir, file)), { recursive: true });
    writeFileSync(join(townDir, file), content);
  }

  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
    cwd: townDir,
    env: plainEnvironment(),
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`npm install failed (${install.status}):\n${install.stdout}\n${install.stderr}`);

  mail = await new MailCatcher().start();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  strapi = spawn(join(townDir, 'node_modules', '.bin', 'strapi'), ['start'], {
    cwd: townDir,
    env: {
      ...plainEnvironment(),
      ...freshSecrets(),
      NODE_ENV: 'production',
      STRAPI_TELEMETRY_DISABLED: 'true',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      CIVIC_ALLOWED_ORIGINS: TOWN_ORIGIN,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  strapi.stdout!.on('data', (chunk) => (strapiOutput += chunk));
  strapi.stderr!.on('data', (chunk) => (strapiOutput += chunk));
  await waitUntilHealthy(180_000);

  // The first editor registers and creates a topic and the consent text in the content manager (its API).
  const register = await fetch(`${baseUrl}/admin/register-admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(EDITOR),
  });
  expect(register.status).toBe(200);
  const { token } = (await register.json()).data;
  const create = async (uid: string, data: Record<string, unknown>) => {
    const res = await fetch(`${baseUrl}/content-manager/collection-types/${uid}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(data),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  };
  await create('plugin::civic-dialog.topic', { slug: 'abfall', nameDe: 'Abfall & Recycling', nameEn: 'Waste & recycling', isPublic: true });
  await create('plugin::civic-dialog.legal-text', {
    purpose: 'newsletter',
    language: 'de',
    title: 'Einwilligung in den Newsletter der Stadt Teststadt',
    body: 'Ich willige ein, dass die Stadt Teststadt mir zu den gewählten Themen Informationen per E-Mail schickt.',
  });
});

afterAll(async () => {
  if (strapi && strapi.exitCode === null) {
    const exited = new Promise((resolve) => strapi!.once('exit', resolve));
    strapi.kill('SIGTERM');
    await exited;
  }
  await mail?.stop();
  if (townDir && !keptDir) rmSync(townDir, { recursive: true, force: true });
});

describe('the packed plugin in a plain Strapi 5 app', () => {
  it('installs as one package with the contracts and the widget files inside it', () => {
    const installed = join(townDir, 'node_modules', '@civic-dialog', 'strapi-plugin');
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version).toBe(version);
    expect(existsSync(join(installed, 'node_modules', '@civic-dialog', 'contracts', 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(installed, 'node_modules', '@civic-dialog', 'widgets', 'dist', 'loader.js'))).toBe(true);
  });

  it('serves the widget loader to the town website', async () => {
    const res = await fetch(`${baseUrl}/api/civic-dialog/widgets/loader.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toContain('civic-signup');
  });

  it('signs a citizen up by double opt-in: confirmation mail, confirm, welcome mail', async () => {
    const api = publicApi(baseUrl);
    const email = 'erika.mustermann@example.org';
    expect((await api.get('/topics?locale=de')).body.data.map((topic: { slug: string }) => topic.slug)).toEqual(['abfall']);
    expect((await api.get('/legal-texts/current?locale=de&purpose=newsletter')).body.data).toMatchObject({ version: 1 });

    const signup = await api.postJson('/signups', signupBody({ email, topics: ['abfall'] }));
    expect(signup.status).toBe(202);

    const [doi] = await mail.waitFor(email);
    expect(doi.from).toBe('newsletter@teststadt.example');
    expect(doi.subject).toMatch(/bestätigen/i);
    const confirmUrl = linkTo(doi, '/api/civic-dialog/confirm');
    expect(confirmUrl.origin).toBe(baseUrl);

    const confirm = await api.postJson('/confirm', { token: confirmUrl.searchParams.get('token') });
    expect(confirm.status).toBe(200);
    expect(confirm.body.data.status).toBe('confirmed');
    const [, welcome] = await mail.waitFor(email, 2);
    expect(welcome.subject).toMatch(/willkommen/i);
  });
});
