import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Core } from '@strapi/strapi';
// Strapi's ES module build does not load under plain Node; its CommonJS build does.
import { appDir, baseEnv, freshSecrets } from '../../scripts/lib/app-env.mjs';
import { freePort } from '../../scripts/lib/local-servers.mjs';
import { TEST_ADMIN } from './admin';
import { freshDatabase, type TestDatabase } from './database';
import { MailCatcher } from './mail-catcher';

const { createStrapi } = createRequire(import.meta.url)('@strapi/strapi') as typeof import('@strapi/strapi');

export const TOWN_ORIGIN = 'http://town.test';

/**
 * Finishes the work of every answered request (public forms do the work for an address after
 * their 202) and sends every queued mail now, so row counts and mailboxes are settled.
 */
export { freePort };

/** Waits until the work public forms do after their answer (kernel/intake: rows, queued mails) is done. */
export async function settleIntake(app: Pick<TestApp, 'strapi'>): Promise<void> {
  await app.strapi.plugin('civic-dialog').service('intake').settle();
}

/** Waits until that work is done and every queued mail has been handed to SMTP. */
export async function settleOutbox(app: TestApp) {
  await settleIntake(app);
  return app.strapi.plugin('civic-dialog').service('outbox').drain();
}

export interface TestApp {
  strapi: Core.Strapi;
  baseUrl: string;
  mail: MailCatcher;
  database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * Boots the real Musterstadt Strapi (compiled by the global setup) on a fresh database (or on
 * `options.database`, e.g. one restored from a backup; stop() drops it), with its mail going to a
 * real SMTP server in this process.
 */
export async function startApp(env: Record<string, string> = {}, options: { database?: TestDatabase } = {}): Promise<TestApp> {
  const mail = await new MailCatcher().start();
  const database = options.database ?? (await freshDatabase());
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
    // The weekly digest runs when a test calls it, never in the middle of another test's mails.
    CIVIC_DIGEST_CHECK_INTERVAL_MS: '0',
    STRAPI_STARTUP_BANNER: 'false',
    // The demo seed makes this super admin (tests log in with TEST_ADMIN); DEMO_ADMIN: '' boots without.
    DEMO_ADMIN: '1',
    DEMO_ADMIN_EMAIL: TEST_ADMIN.email,
    DEMO_ADMIN_PASSWORD: TEST_ADMIN.password,
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
