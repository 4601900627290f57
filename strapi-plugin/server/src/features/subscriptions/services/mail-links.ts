import type { Locale } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { SHARED_UID } from '../../../shared/tables';
import { SUBSCRIPTIONS_UID } from '../tables';
import { LinkError } from '../../../kernel/http/errors';
import { getService } from '../../../kernel/services';
import { enqueueMail, kickOutbox } from '../../../shared/mail/queue';
import type { RequestMeta } from '../../../shared/consent/ledger';
import { profileRows, type ProfileRow } from '../../../shared/citizens/rows';
import { topicName } from './catalog';
import { subscriptionRows, topicRows } from '../rows';

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
/** Told of every confirmation inside its transaction (automations enrol the person then). */
export type SubscriptionConfirmedHook = (confirmed: { profileId: number; topics: string[] }) => Promise<unknown>;

const mailLinks = ({ strapi }: { strapi: Strapi }) => {
  const confirmedHooks: SubscriptionConfirmedHook[] = [];
  const tokens = () => getService(strapi, 'tokens');
  const ledger = () => getService(strapi, 'ledger');

  async function profileOf(profileId: number): Promise<ProfileRow> {
    const profile = profileRows.one(await strapi.db.query(SHARED_UID.profile).findOne({ where: { id: profileId } }));
    // An erased profile's links are dead.
    if (!profile || profile.status === 'erased') throw new LinkError('invalid');
    return profile;
  }

  /** The topics a DOI token confirms: from its payload, else from the granted consent it points to. */
  async function doiTopics(profileId: number, payload: Record<string, unknown>) {
    const consentId = Number(payload.consentId);
    const granted = Number.isInteger(consentId) ? await ledger().find(consentId) : null;
    if (!granted || granted.profileId !== profileId || granted.action !== 'granted') {
      throw new LinkError('invalid');
    }
    const slugs = Array.isArray(payload.topics) ? (payload.topics as string[]) : granted.topics;
    const topics = slugs.length ? topicRows.many(await strapi.db.query(SUBSCRIPTIONS_UID.topic).findMany({ where: { slug: { $in: slugs } } })) : [];
    const bySlug = new Map(topics.map((topic) => [topic.slug, topic]));
    return { granted, topics: slugs.flatMap((slug) => bySlug.get(slug) ?? []) };
  }

  /** Withdraws every topic of a profile: subscriptions, profile status, one ledger entry. */
  async function withdrawAll(profile: ProfileRow, meta: RequestMeta): Promise<void> {
    const now = new Date();
    const withdrawn = subscriptionRows.many(
      await strapi.db.query(SUBSCRIPTIONS_UID.subscription).findMany({ where: { profileId: profile.id, status: { $in: ['pending', 'active'] } } }),
    );
    if (withdrawn.length) {
      await strapi.db.query(SUBSCRIPTIONS_UID.subscription).updateMany({
        where: { id: { $in: withdrawn.map((s) => s.id) } },
        data: { status: 'unsubscribed', withdrawnAt: now },
      });
    }
    const wasSubscribed = withdrawn.length > 0 || profile.status !== 'unsubscribed';
    await strapi.db.query(SHARED_UID.profile).update({
      where: { id: profile.id },
      data: { status: 'unsubscribed', unsubscribedAt: now },
    });
    if (wasSubscribed) {
      const topics = await getService(strapi, 'catalog').topicSlugs(withdrawn.map((s) => s.topicId));
      await ledger().withdrawNewsletter(profile.id, topics, 'mail-link', meta);
    }
  }

  return {
    /**
     * Extension point: `hook` runs inside each confirmation's transaction, after the ledger entry,
     * with the topics confirmed (a failing hook fails the confirmation: the link still works).
     */
    onSubscriptionConfirmed(hook: SubscriptionConfirmedHook): void {
      confirmedHooks.push(hook);
    },

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

        await strapi.db.query(SUBSCRIPTIONS_UID.subscription).updateMany({
          where: { profileId: profile.id, topicId: { $in: topics.map((t) => t.id) }, status: 'pending' },
          data: { status: 'active', confirmedAt: now, withdrawnAt: null },
        });
        const active = subscriptionRows.many(
          await strapi.db.query(SUBSCRIPTIONS_UID.subscription).findMany({
            where: { profileId: profile.id, topicId: { $in: topics.map((t) => t.id) }, status: 'active' },
          }),
        );
        const confirmed = topics.filter((t) => active.some((s) => s.topicId === t.id));

        if (confirmed.length) {
          // The signup's name, now confirmed by the mailbox's owner; a name the profile has stays.
          const firstName = !profile.firstName && typeof claim.payload.firstName === 'string' ? { firstName: claim.payload.firstName } : {};
          await strapi.db.query(SHARED_UID.profile).update({
            where: { id: profile.id },
            data: { status: 'active', confirmedAt: profile.confirmedAt ?? now, unsubscribedAt: null, ...firstName },
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
          for (const hook of confirmedHooks) await hook({ profileId: profile.id, topics: confirmed.map((t) => t.slug) });
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
        await withdrawAll(profile, meta);
        return { locale: profile.locale, repeated: false };
      });
    },

    /**
     * Unsubscribes a profile from every topic, for links verified elsewhere (the signed links of
     * newsletter mails). Idempotent; an erased or unknown profile → LinkError invalid.
     */
    async unsubscribeProfile(profileId: number, meta: RequestMeta): Promise<{ locale: Locale }> {
      return strapi.db.transaction(async () => {
        const profile = await profileOf(profileId);
        if (profile.status !== 'unsubscribed') await withdrawAll(profile, meta);
        return { locale: profile.locale };
      });
    },
  };
};

export default mailLinks;
export type MailLinksService = ReturnType<typeof mailLinks>;
