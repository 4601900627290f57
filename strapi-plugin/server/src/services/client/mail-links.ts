import type { Locale } from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { LinkError } from '../../utils/errors';
import { enqueueMail, getService, kickOutbox } from '../../utils/services';
import type { RequestMeta } from '../common/ledger';
import type { SubscriptionRow } from './signup';
import type { ProfileRow } from '../common/profile-by-email';
import { topicName, type TopicRow } from './catalog';

export interface LinkContext {
  locale: Locale;
  /** Topic names in the profile's language, for the page. */
  topicNames: string[];
}

export interface ConfirmOutcome extends LinkContext {
  topics: string[];
}

export interface UnsubscribeOutcome {
  locale: Locale;
  /** True when the link had already been used: the answer is the same, nothing is written twice. */
  repeated: boolean;
}

const DEFAULT_LOCALE: Locale = 'de';

/**
 * What the links in the mails do: confirm a double opt-in, unsubscribe. GET only shows pages
 * (mail scanners prefetch links); the state changes on POST, in one transaction with the token use.
 */
const mailLinks = ({ strapi }: { strapi: Strapi }) => {
  const tokens = () => getService(strapi, 'tokens');
  const ledger = () => getService(strapi, 'ledger');

  async function profileOf(profileId: number): Promise<ProfileRow> {
    const profile = (await strapi.db.query(UID.profile).findOne({ where: { id: profileId } })) as ProfileRow | null;
    // An erased profile's links are dead.
    if (!profile || profile.status === 'erased') throw new LinkError('invalid');
    return profile;
  }

  /** The topics a DOI token confirms: from its payload, else from the granted consent it points to. */
  async function doiTopics(profileId: number, payload: Record<string, unknown>) {
    const consentId = Number(payload.consentId);
    const granted = Number.isInteger(consentId) ? await ledger().find(consentId) : null;
    if (!granted || Number(granted.profileId) !== profileId || granted.action !== 'granted') {
      throw new LinkError('invalid');
    }
    const slugs = Array.isArray(payload.topics) ? (payload.topics as string[]) : (granted.topics ?? []);
    const topics = slugs.length
      ? ((await strapi.db.query(UID.topic).findMany({ where: { slug: { $in: slugs } } })) as TopicRow[])
      : [];
    return { granted, topics: slugs.map((slug) => topics.find((t) => t.slug === slug)).filter(Boolean) as TopicRow[] };
  }

  return {
    /** For the GET confirm page: checks the token without using it. */
    async previewConfirm(raw: unknown): Promise<LinkContext> {
      const claim = await tokens().peek(raw, 'doi');
      const profile = await profileOf(claim.profileId);
      const { topics } = await doiTopics(claim.profileId, claim.payload);
      return { locale: profile.locale ?? DEFAULT_LOCALE, topicNames: topics.map((t) => topicName(t, profile.locale)) };
    },

    async confirm(raw: unknown, meta: RequestMeta): Promise<ConfirmOutcome> {
      return strapi.db.transaction(async ({ onCommit }) => {
        // Used up inside the transaction: if anything below fails, the link still works.
        const claim = await tokens().consume(raw, 'doi');
        const profile = await profileOf(claim.profileId);
        const { granted, topics } = await doiTopics(claim.profileId, claim.payload);
        const now = new Date();

        await strapi.db.query(UID.subscription).updateMany({
          where: { profileId: profile.id, topicId: { $in: topics.map((t) => t.id) }, status: 'pending' },
          data: { status: 'active', confirmedAt: now, withdrawnAt: null },
        });
        const active = (await strapi.db.query(UID.subscription).findMany({
          where: { profileId: profile.id, topicId: { $in: topics.map((t) => t.id) }, status: 'active' },
        })) as SubscriptionRow[];
        const confirmed = topics.filter((t) => active.some((s) => s.topicId === t.id));

        if (confirmed.length) {
          await strapi.db.query(UID.profile).update({
            where: { id: profile.id },
            data: { status: 'active', confirmedAt: profile.confirmedAt ?? now, unsubscribedAt: null },
          });
        }
        // Withdrawn in the meantime (another mail's unsubscribe link): nothing was confirmed, nothing to record.
        if (confirmed.length) await ledger().append(
          {
            profileId: profile.id,
            legalTextId: granted.legalTextId,
            purpose: 'newsletter',
            action: 'confirmed',
            topics: confirmed.map((t) => t.slug),
            sourceUrl: granted.sourceUrl,
            widget: granted.widget,
          },
          meta,
        );
        if (confirmed.length) {
          await enqueueMail(strapi, {
            profileId: profile.id,
            kind: 'welcome',
            locale: profile.locale,
            data: { topics: confirmed.map((t) => t.slug) },
          });
          onCommit(() => kickOutbox(strapi));
        }
        return {
          locale: profile.locale,
          topics: confirmed.map((t) => t.slug),
          topicNames: confirmed.map((t) => topicName(t, profile.locale)),
        };
      });
    },

    /** For the GET unsubscribe page: the profile's language; a used link is fine (idempotent). */
    async previewUnsubscribe(raw: unknown): Promise<{ locale: Locale; repeated: boolean }> {
      const info = await tokens().inspect(raw, 'unsubscribe');
      if (!info.used && info.expired) throw new LinkError('expired');
      const profile = await profileOf(info.profileId);
      return { locale: profile.locale ?? DEFAULT_LOCALE, repeated: info.used };
    },

    /**
     * Withdraws consent for every topic. Idempotent: mail clients retry RFC 8058 one-click POSTs, and
     * a used unsubscribe link can only ever mean "unsubscribed", so a repeat answers 200 again
     * without a second ledger entry.
     */
    async unsubscribe(raw: unknown, meta: RequestMeta): Promise<UnsubscribeOutcome> {
      return strapi.db.transaction(async () => {
        const info = await tokens().inspect(raw, 'unsubscribe');
        const profile = await profileOf(info.profileId);
        if (info.used) return { locale: profile.locale, repeated: true };
        try {
          await tokens().consume(raw, 'unsubscribe');
        } catch (error) {
          if (error instanceof LinkError && error.problem === 'used') return { locale: profile.locale, repeated: true };
          throw error;
        }
        const now = new Date();
        const withdrawn = (await strapi.db.query(UID.subscription).findMany({
          where: { profileId: profile.id, status: { $in: ['pending', 'active'] } },
        })) as SubscriptionRow[];
        if (withdrawn.length) {
          await strapi.db.query(UID.subscription).updateMany({
            where: { id: { $in: withdrawn.map((s) => s.id) } },
            data: { status: 'unsubscribed', withdrawnAt: now },
          });
        }
        const wasSubscribed = withdrawn.length > 0 || profile.status !== 'unsubscribed';
        await strapi.db.query(UID.profile).update({
          where: { id: profile.id },
          data: { status: 'unsubscribed', unsubscribedAt: now },
        });
        if (wasSubscribed) {
          await ledger().withdrawNewsletter(profile.id, withdrawn.map((s) => s.topicId), 'mail-link', meta);
        }
        return { locale: profile.locale, repeated: false };
      });
    },
  };
};

export default mailLinks;
export type MailLinksService = ReturnType<typeof mailLinks>;
