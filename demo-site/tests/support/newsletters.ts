import type { Core } from '@strapi/strapi';

/** What the newsletter tests share: subscribers as the double opt-in leaves them, and a newsletter. */

export const NEWSLETTER = 'plugin::civic-dialog.newsletter' as any;
const uid = (name: string) => `plugin::civic-dialog.${name}` as any;

/** One SQL statement with `?` placeholders, run on SQLite or PostgreSQL (knex, or pg with $n). */
export type RunSql = (sql: string, bindings: unknown[]) => Promise<unknown>;

export const knexSql = (strapi: Core.Strapi): RunSql => (sql, bindings) => strapi.db.connection.raw(sql, bindings as any[]);
export const pgSql =
  (pool: { query(sql: string, values: unknown[]): Promise<unknown> }): RunSql =>
  (sql, bindings) => {
    let n = 0;
    return pool.query(sql.replace(/\?/g, () => `$${++n}`), bindings);
  };

/**
 * `count` subscribers `<prefix>-<n>@example.org` (n = 1…count) of one topic, set-based (three
 * INSERT … SELECT over a counter): active, subscribed, newsletter consent granted and confirmed.
 * Dates are bound as Date objects, as Strapi writes them on either database.
 */
export async function addSubscribers(
  run: RunSql,
  { count, prefix, topicId, locale = 'de', firstName = null }: { count: number; prefix: string; topicId: number; locale?: 'de' | 'en'; firstName?: string | null },
) {
  const now = new Date();
  const counter = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)`;
  const like = `${prefix}-%@example.org`;
  await run(
    `${counter} INSERT INTO civic_dialog_profiles (document_id, email, status, locale, first_name, confirmed_at, created_at, updated_at)
     SELECT ? || i, ? || i || '@example.org', 'active', ?, ?, ?, ?, ? FROM n`,
    [count, `${prefix}doc`, `${prefix}-`, locale, firstName, now, now, now],
  );
  await run(
    `INSERT INTO civic_dialog_subscriptions (document_id, profile_id, topic_id, status, confirmed_at, created_at, updated_at)
     SELECT 'sub' || p.id, p.id, ?, 'active', ?, ?, ? FROM civic_dialog_profiles p WHERE p.email LIKE ?`,
    [topicId, now, now, now, like],
  );
  for (const action of ['granted', 'confirmed']) {
    await run(
      `INSERT INTO civic_dialog_consents (document_id, profile_id, purpose, action, created_at, updated_at)
       SELECT ? || p.id, p.id, 'newsletter', ?, ?, ? FROM civic_dialog_profiles p WHERE p.email LIKE ?`,
      [`${action}-`, action, now, now, like],
    );
  }
}

export const subscriberEmail = (prefix: string, n: number) => `${prefix}-${n}@example.org`;

/** A topic of its own for one test, so no test's audience overlaps another's. */
export async function ownTopic(strapi: Core.Strapi, slug: string) {
  return strapi.documents(uid('topic')).create({ data: { slug, nameDe: slug, nameEn: slug, isPublic: true, sortOrder: 99 } as any }) as Promise<{ id: number; documentId: string }>;
}

export const paragraph = (text: string) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];

/** A newsletter document (German and English subject, a text and a button) for the given topics. */
export async function createNewsletter(strapi: Core.Strapi, topicDocumentIds: string[], data: Record<string, unknown> = {}): Promise<string> {
  const doc = await strapi.documents(NEWSLETTER).create({
    data: {
      subject: 'Neues aus Musterstadt',
      subjectEn: 'News from Musterstadt',
      slug: `nl-${Math.random().toString(36).slice(2, 10)}`,
      body: [
        { __component: 'civic-newsletter.rich-text', text: paragraph('Hallo Musterstadt'), textEn: paragraph('Hello Musterstadt') },
        { __component: 'civic-newsletter.button', label: 'Mehr', url: 'https://musterstadt.example/mehr' },
      ],
      topics: topicDocumentIds,
      ...data,
    },
  });
  return doc.documentId as string;
}

/**
 * A newsletter mail queued for a citizen but due only in an hour. Queued and postponed in one
 * transaction: the polling outbox worker never sees it due, so it stays queued (enqueue, then
 * update, let a poll send it in between on CI's PostgreSQL run).
 */
export async function queueNewsletterNotYetDue(strapi: Core.Strapi, profileId: number) {
  return strapi.db.transaction(async () => {
    const row = await strapi.plugin('civic-dialog').service('outbox').enqueue({
      profileId,
      kind: 'newsletter',
      data: { subject: 'Neuigkeiten', heading: 'Neuigkeiten', intro: 'Hallo', items: [] },
    });
    await strapi.db
      .query('plugin::civic-dialog.message' as any)
      .update({ where: { id: row.id }, data: { nextAttemptAt: new Date(Date.now() + 3_600_000) } });
    return row;
  });
}
