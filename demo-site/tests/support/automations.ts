import { addSubscribers, knexSql } from './newsletters';
import { TOWN_ORIGIN, type TestApp } from './strapi';

/**
 * What the automation tests (tests/integration/automations*.test.ts) share: the type's uid, an app
 * whose job runs only when a test calls it (the clock moves by passing `now` to runOnce — no sleeps),
 * automations and send-mail steps, followers made set-based and the content manager's API.
 * Their rows (runs, queued mails): rows.ts.
 */

export const AUTOMATION = 'plugin::civic-dialog.automation' as any;
export const DAY = 86_400_000;
/** The app's env: links to the town's website; the job's own timer off, so only runAt moves it. */
export const AUTOMATIONS_ENV = { TOWN_WEBSITE_URL: TOWN_ORIGIN, CIVIC_AUTOMATIONS_CHECK_INTERVAL_MS: '0' };

/** The automations job once, at `now` (dateTriggers: the daily date triggers too). */
export const runAt = (app: TestApp, now: Date, options: { dateTriggers?: boolean } = {}) =>
  app.strapi.plugin('civic-dialog').service('automations').runOnce(now, options);

/** A send-mail step with a text per language (English the German one unless given). */
export const mail = (id: string, de: string, en = de, subject = { de: `Betreff ${id}`, en: `Subject ${id}` }) => ({ id, type: 'send-mail', subject, body: { de, en } });

let counter = 0;

/** An automation saved by the document service (switched on unless `enabled` is false), named "Automation <n>". */
export async function createAutomation(app: TestApp, trigger: unknown, steps: unknown[], enabled = true) {
  counter += 1;
  return app.strapi.documents(AUTOMATION).create({ data: { name: `Automation ${counter}`, enabled, trigger, steps } as any }) as Promise<{ id: number; documentId: string }>;
}

/** Topic-only followers, made set-based (active, subscribed, consent confirmed), first name Kim. */
export async function followers(app: TestApp, prefix: string, count: number, topicId: number, locale: 'de' | 'en' = 'de') {
  await addSubscribers(knexSql(app.strapi), { count, prefix, topicId, locale, firstName: 'Kim' });
}

/** The content manager's API for automations, as the admin panel (the automation form) calls it. */
export const contentManager = (app: TestApp, token: string, method: 'POST' | 'PUT', path: string, body: unknown) =>
  fetch(`${app.baseUrl}/content-manager/collection-types/${AUTOMATION}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
