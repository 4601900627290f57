import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Core } from '@strapi/strapi';
// Strapi's ES module build does not load under plain Node; its CommonJS build does.
import { appDir, baseEnv, freshSecrets } from '../../scripts/lib/app-env.mjs';
import { freshDatabase, type TestDatabase } from './database';
import { MailCatcher } from './mail-catcher';

const { createStrapi } = createRequire(import.meta.url)('@strapi/strapi') as typeof import('@strapi/strapi');

export const TOWN_ORIGIN = 'http://town.test';

/** Sends every queued mail now, so row counts and mailboxes are settled. */
export const settleOutbox = (app: TestApp) => app.strapi.plugin('civic-dialog').service('outbox').drain();

export interface TestApp {
  strapi: Core.Strapi;
  baseUrl: string;
  mail: MailCatcher;
  database: TestDatabase;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Boots the real Musterstadt Strapi (compiled by the global setup) on a fresh database, with its
 * mail going to a real SMTP server in this process.
 */
export async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  const mail = await new MailCatcher().start();
  const database = await freshDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  Object.assign(process.env, baseEnv, freshSecrets(), database.env, {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mail.port),
    CIVIC_ALLOWED_ORIGINS: TOWN_ORIGIN,
    CIVIC_MAIL_POLL_MS: '500',
    STRAPI_STARTUP_BANNER: 'false',
    ...env,
  });
  const strapi = await createStrapi({ appDir, distDir: join(appDir, 'dist') }).load();
  strapi.log.level = 'error';
  await strapi.listen();
  return {
    strapi,
    baseUrl,
    mail,
    database,
    async stop() {
      // Strapi.destroy() drops every process listener, including the test worker's IPC ones.
      const removeAllListeners = process.removeAllListeners;
      process.removeAllListeners = (() => process) as typeof process.removeAllListeners;
      try {
        await strapi.destroy();
      } finally {
        process.removeAllListeners = removeAllListeners;
      }
      await mail.stop();
      await database.drop();
    },
  };
}
