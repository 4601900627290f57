import type { Strapi } from '../../../kernel/types';
import { getConfig, preferencesPageUrl } from '../../../kernel/get-config';
import { registerMailTemplates } from '../../../shared/mail/renderer';
import type { MailExtension } from '../../../shared/mail/outbox';
import { manageLinkUrl } from '../services/preferences';
import { manageLink } from './manage-link';

export function registerPreferenceMails(): void {
  registerMailTemplates({ 'manage-link': manageLink });
}

/** The mail kinds that carry a link to the preference center. */
export const WITH_MANAGE_LINK = ['manage-link', 'welcome', 'newsletter', 'alert'] as const;

/**
 * The preference-center link (a manage-link token in the fragment, made only now). A requested
 * link returns to the (allowed) page it was asked on; other mails link the town's page in the mail's language.
 */
export function manageLinkExtension(strapi: Strapi): MailExtension {
  return async ({ kind, profileId, data, locale, issueToken }) => {
    const ttlSeconds = getConfig(strapi).tokens.manageLinkTtlSeconds;
    // Only a link the citizen asked for just now may export or erase (preferences.requireFreshLink).
    const payload = kind === 'manage-link' ? { requestedAt: Date.now() } : {};
    const token = issueToken({ purpose: 'manage-link', profileId, payload, ttlSeconds });
    const page = kind === 'manage-link' && typeof data.pageUrl === 'string' ? data.pageUrl : preferencesPageUrl(strapi, locale);
    return { view: { manageUrl: manageLinkUrl(page, token), expiresInSeconds: ttlSeconds } };
  };
}
