import type { Core } from '@strapi/strapi';

const uid = (name: string) => `plugin::civic-dialog.${name}` as any;

/** Reads the plugin's rows the way an auditor would: straight from the database. */
export function rows(strapi: Core.Strapi) {
  const query = (name: string) => strapi.db.query(uid(name));
  return {
    profile: (email: string) => query('profile').findOne({ where: { email } }),
    subscriptions: (profileId: number) => query('subscription').findMany({ where: { profileId } }),
    consents: (profileId: number) => query('consent').findMany({ where: { profileId }, orderBy: { id: 'asc' } }),
    messages: (profileId: number) => query('message').findMany({ where: { profileId }, orderBy: { id: 'asc' } }),
    registrations: (profileId: number) => query('registration').findMany({ where: { profileId }, orderBy: { id: 'asc' } }),
    topic: (slug: string) => query('topic').findOne({ where: { slug } }),
    count: (name: string) => query(name).count(),
    /** An automation's runs, oldest first (table rows: snake_case columns). */
    automationRuns: (automationId: number) => strapi.db.connection('civic_dialog_automation_runs').where('automation_id', automationId).orderBy('id'),
    /** The mails an automation queued (dedupe key `automation:<automation>:<run>:<step>`), oldest first; `step`: only its. */
    automationMails: (automationId: number, step?: string) =>
      strapi.db
        .connection('civic_dialog_messages')
        .where('dedupe_key', 'like', step ? `automation:${automationId}:%:${step}` : `automation:${automationId}:%`)
        .orderBy('id'),
    /** Row counts of every table a public request may write. */
    async counts() {
      const names = ['profile', 'subscription', 'consent', 'message', 'token'];
      return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await query(n).count()])));
    },
  };
}
