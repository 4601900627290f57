import type { Strapi } from '../../../kernel/types';
import { getConfig } from '../../../kernel/get-config';
import { getService } from '../../../kernel/services';
import { registerMailTemplates } from '../../../shared/mail/renderer';
import type { MailExtension } from '../../../shared/mail/outbox';
import { topicName } from '../services/catalog';
import { doi } from './doi';
import { welcome } from './welcome';
import { bulletin } from './bulletin';

/** The templates of this feature's mails. */
export function registerSubscriptionMails(): void {
  registerMailTemplates({ doi, welcome, newsletter: bulletin });
}

/**
 * Topic slugs in any mail's data → names in the mail's language (unknown slugs are shown as they
 * are). From the catalog's in-process topic cache (a few seconds stale at most): no query per mail.
 */
export function topicNamesExtension(strapi: Strapi): MailExtension {
  return async ({ data, locale }) => {
    if (!Array.isArray(data.topics) || !data.topics.length) return {};
    const wanted = data.topics.map(String);
    const rows = await getService(strapi, 'catalog').topicsBySlug(wanted);
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    return { view: { topics: wanted.map((slug) => { const row = bySlug.get(slug); return row ? topicName(row, locale) : slug; }) } };
  };
}

/** The confirm link of the double opt-in mail (INV-DOI; the token is made only now, INV-TOKEN). */
export function doiLinkExtension(strapi: Strapi): MailExtension {
  return async ({ profileId, data, publicUrl, issueToken }) => {
    const ttlSeconds = getConfig(strapi).tokens.doiTtlSeconds;
    const payload = { consentId: data.consentId, ...(typeof data.pendingFirstName === 'string' ? { firstName: data.pendingFirstName } : {}) };
    const token = issueToken({ purpose: 'doi', profileId, payload, ttlSeconds });
    return { view: { confirmUrl: `${publicUrl}/api/civic-dialog/confirm?token=${encodeURIComponent(token)}`, expiresInSeconds: ttlSeconds } };
  };
}

/** The one-click unsubscribe link of welcome and newsletter mails (also sent as List-Unsubscribe); it never expires (UWG §7(3)). */
export function unsubscribeLinkExtension(strapi: Strapi): MailExtension {
  return async ({ profileId, publicUrl, issueToken }) => {
    const token = issueToken({ purpose: 'unsubscribe', profileId });
    return { view: { unsubscribeUrl: `${publicUrl}/api/civic-dialog/unsubscribe?token=${encodeURIComponent(token)}` } };
  };
}
