import { randomBytes } from 'node:crypto';
import type { Strapi } from '../../kernel/types';
import { getConfig } from '../../kernel/get-config';
import { createLinkSigner, type LinkSigner } from './links';
import { publicBaseUrl } from './resolve';

let cached: { keys: string; signer: LinkSigner } | null = null;

function signer(strapi: Strapi): LinkSigner {
  const keys = (strapi.config.get('server.app.keys') as string[] | undefined) ?? [];
  const id = keys.join(',');
  if (cached?.keys !== id) cached = { keys: id, signer: createLinkSigner(keys) };
  return cached.signer;
}

/** The links of a newsletter mail: signed (no row, no query per mail); click links with a random mark per mail and link. */
export function newsletterLinks(strapi: Strapi) {
  const config = getConfig(strapi);
  const base = `${publicBaseUrl(strapi)}/api/civic-dialog/newsletters`;
  const sign = signer(strapi);
  const seconds = () => Math.floor(Date.now() / 1000);
  const domain = (config.mail.from.match(/@([^>\s]+)/)?.[1] ?? 'localhost').toLowerCase();

  return {
    signer: sign,
    unsubscribeUrl: (profileId: number, sendId: number) =>
      // Never expires (0): see linkPageUnsubscribe in service.ts.
      `${base}/unsubscribe?token=${sign.sign({ purpose: 'unsubscribe', subject: profileId, sendId, expires: 0 })}`,
    manageUrl: (profileId: number, sendId: number) =>
      `${base}/manage?token=${sign.sign({ purpose: 'manage', subject: profileId, sendId, expires: seconds() + config.tokens.manageLinkTtlSeconds })}`,
    /**
     * The click redirects of one mail: link `index` of the send's list, with a random mark per link
     * made now and kept nowhere but in this mail. The server counts a mark once (a scanner that opens
     * every link of a mail twice adds one per link, a forwarded copy nothing beyond that), and a mark names nobody:
     * it is not stored with the recipient, so no click can be traced back to a person.
     */
    clickUrls: (sendId: number) => {
      const made = new Map<number, string>();
      return (index: number): string => {
        let url = made.get(index);
        if (!url) {
          const mark = randomBytes(16).toString('base64url');
          url = `${publicBaseUrl(strapi)}/api/civic-dialog/l/${sign.sign({ purpose: 'click', subject: index, sendId, expires: 0, extra: mark })}`;
          made.set(index, url);
        }
        return url;
      };
    },
    archiveUrl: (slug: string, lang: string) => `${base}/archive/${encodeURIComponent(slug)}?locale=${lang}`,
    /** Stable per recipient and newsletter, so a mail client sees a (theoretical) second copy as the same mail. */
    messageId: (sendId: number, profileId: number) => `<${sign.messageKey(sendId, profileId)}.nl${sendId}@${domain}>`,
    listId: () => newsletterListId(strapi, config.town.name, domain),
  };
}

function newsletterListId(strapi: Strapi, townName: string, domain: string): string {
  const configured = (getConfig(strapi) as unknown as { newsletters?: { listId?: string } }).newsletters?.listId;
  const id = configured || `<newsletter.${domain}>`;
  const label = townName.replace(/[^\p{L}\p{N} .-]/gu, '').trim();
  return label ? `"${label}" ${id}` : id;
}
