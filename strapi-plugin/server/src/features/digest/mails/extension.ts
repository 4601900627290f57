import type { Strapi } from '../../../kernel/types';
import { getConfig } from '../../../kernel/get-config';
import type { MailExtension, MailExtras } from '../../../shared/mail/outbox';
import { oneLine, registerMailTemplates, type MailLocale } from '../../../shared/mail/renderer';
import { SHARED_TABLE } from '../../../shared/tables';
import { SUBSCRIPTIONS_TABLE } from '../../subscriptions';
import { DIGEST_TABLE } from '../tables';
import { digestEntryRows, type DigestEntryRow } from '../rows';
import { digestMail } from './templates';

const entries = digestEntryRows.sql('id', 'source', 'title', 'titleEn', 'slug', 'entryDate');
type Entry = Pick<DigestEntryRow, 'id' | 'source' | 'title' | 'titleEn' | 'slug' | 'entryDate'>;

type EntryView = { title: string; date: string; url: string };
const entryList = (value: unknown): EntryView[] =>
  (Array.isArray(value) ? value : []).map((entry) => ({
    title: oneLine(entry?.title),
    date: oneLine(entry?.date),
    url: typeof entry?.url === 'string' && /^https?:\/\//i.test(entry.url) ? entry.url : '',
  }));

/** The digest's template and its three lists of entries (one line each; links only http(s)). */
export function registerDigestMails(): void {
  registerMailTemplates({ digest: digestMail }, (view) => ({ news: entryList(view.news), events: entryList(view.events), surveys: entryList(view.surveys) }));
}

function linkOf(template: string, fallback: string, slug: string | null): string {
  if (!template) return fallback;
  return template.replace('{slug}', encodeURIComponent(slug ?? ''));
}

/**
 * What the outbox adds to a digest when it sends it: the entries of its week on the citizen's topics
 * as they are now (a topic dropped since the digest was queued is left out), each with title, date
 * (in the mail's language) and link. Refused when none is left, or when the citizen is no longer
 * subscribed with a confirmed double opt-in (INV-DOI: the policy checks that only for newsletters).
 */
export function digestMailExtension(strapi: Strapi): MailExtension {
  return async ({ profileId, data, locale }): Promise<MailExtras> => {
    const knex = strapi.db.connection;
    const week = typeof data.week === 'string' ? data.week : '';
    const latest = await knex(SHARED_TABLE.consent)
      .where({ profile_id: profileId, purpose: 'newsletter' })
      .whereIn('action', ['confirmed', 'withdrawn'])
      .orderBy('id', 'desc')
      .first('action');
    const profile = await knex(SHARED_TABLE.profile).where({ id: profileId }).first('status');
    if (profile?.status !== 'active' || latest?.action !== 'confirmed') {
      return { refusal: `Refused: profile ${profileId} is no longer subscribed with a confirmed double opt-in (digest ${week}).` };
    }
    const rows: Entry[] = entries.many(
      await knex(`${DIGEST_TABLE.entry}`)
        .where({ week })
        .whereIn('topic_id', knex(SUBSCRIPTIONS_TABLE.subscription).where({ profile_id: profileId, status: 'active' }).select('topic_id'))
        .orderBy([{ column: 'entry_date', order: 'asc' }, { column: 'id', order: 'asc' }])
        .select(entries.select),
    );
    if (!rows.length) return { refusal: `Refused: nothing of digest ${week} is on profile ${profileId}'s topics any longer.` };
    const { digest, town, timeZone } = getConfig(strapi);
    const site = town.websiteUrl;
    const view = (row: Entry, template: string, withTime: boolean) => ({
      title: oneLine(locale === 'en' && row.titleEn ? row.titleEn : row.title),
      date: row.entryDate ? formatDate(new Date(row.entryDate), locale, withTime, timeZone) : '',
      url: linkOf(template, site, row.slug),
    });
    return {
      view: {
        news: rows.filter((row) => row.source === 'news').map((row) => view(row, digest.newsUrl, false)),
        events: rows.filter((row) => row.source === 'event').map((row) => view(row, digest.eventsUrl, true)),
        surveys: rows.filter((row) => row.source === 'survey').map((row) => view(row, digest.surveysUrl, false)),
      },
    };
  };
}

function formatDate(date: Date, locale: MailLocale, withTime: boolean, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone,
  }).format(date);
}
