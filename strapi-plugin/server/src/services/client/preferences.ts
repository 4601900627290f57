import { errors } from '@strapi/utils';
import {
  MANAGE_LINK_FRAGMENT,
  PROFILE_FIELDS,
  type Locale,
  type PreferencesLinkRequest,
  type PreferencesProfilePatch,
  type PreferencesSubscriptionsUpdate,
  type PreferencesView,
  type PublicLegalText,
  type SubscriptionStatus,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { fieldError, LinkError } from '../../utils/errors';
import { normaliseEmail } from '../../utils/email';
import { getConfig, preferencesPageUrl } from '../../utils/config';
import { toIso } from '../../utils/time';
import { enqueueMail, getService, kickOutbox } from '../../utils/services';
import type { RequestMeta } from '../common/ledger';
import type { SubscriptionRow } from './signup';
import type { ProfileRow } from '../common/profile-by-email';
import { toPublicTopic, type LegalTextRow, type TopicRow } from './catalog';

/** Where a subscription or consent made in the preference center says it came from. */
const PREFERENCES_SOURCE = 'preferences';

interface PreferencesProfileRow extends ProfileRow {
  postalCode: string | null;
  district: string | null;
}

/** The manage link: the token travels in the fragment, so it never reaches server logs or Referer. */
export function manageLinkUrl(pageUrl: string, token: string): string {
  const url = new URL(pageUrl);
  url.hash = `${MANAGE_LINK_FRAGMENT}=${token}`;
  return url.toString();
}

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * The preference center behind `<civic-preferences>`: a manage link mailed on request (or in
 * every newsletter-type mail) is exchanged for a short session bound to one profile; with it the
 * citizen reads and changes their profile, subscriptions and consents, exports and erases.
 */
const preferences = ({ strapi }: { strapi: Strapi }) => {
  const tokens = () => getService(strapi, 'tokens');
  const ledger = () => getService(strapi, 'ledger');

  async function liveProfile(profileId: number): Promise<PreferencesProfileRow | null> {
    const profile = (await strapi.db.query(UID.profile).findOne({ where: { id: profileId } })) as PreferencesProfileRow | null;
    return profile && profile.status !== 'erased' && profile.email ? profile : null;
  }

  /**
   * The page the mailed link opens: the widget's own page when its origin is one the town allows,
   * else refused (no links to foreign sites in the town's mails).
   */
  function linkTarget(pageUrl: string): string {
    const { allowedOrigins, town } = getConfig(strapi);
    const origin = originOf(pageUrl);
    // '*' opens CORS to any site but never makes a foreign page a target of the town's mails.
    const allowed = new Set([...allowedOrigins.filter((o) => o !== '*'), originOf(preferencesPageUrl(strapi)), originOf(town.websiteUrl)]);
    if (!origin || !allowed.has(origin)) {
      throw fieldError(['pageUrl'], 'is not on a website of the town');
    }
    const url = new URL(pageUrl);
    url.hash = '';
    // The outbox refuses anything token-like in stored data; such a page gets the town's page instead.
    return /token=/i.test(url.search) ? preferencesPageUrl(strapi) : url.toString();
  }

  async function hasRecentLinkMail(profileId: number): Promise<boolean> {
    const since = new Date(Date.now() - getConfig(strapi).preferences.linkCooldownSeconds * 1000);
    const count = await strapi.db
      .query(UID.message)
      .count({ where: { profileId, kind: 'manage-link', createdAt: { $gt: since } } });
    return count > 0;
  }

  async function currentLegalText(locale: Locale): Promise<PublicLegalText | null> {
    try {
      return await getService(strapi, 'catalog').currentLegalText('newsletter', locale);
    } catch (error) {
      if (error instanceof errors.NotFoundError) return null;
      throw error;
    }
  }

  async function publicTopicRows(): Promise<TopicRow[]> {
    return (await strapi.db.query(UID.topic).findMany({
      where: { isPublic: true },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    })) as TopicRow[];
  }

  async function subscriptionsOf(profileId: number): Promise<SubscriptionRow[]> {
    return (await strapi.db.query(UID.subscription).findMany({ where: { profileId } })) as SubscriptionRow[];
  }

  async function view(profileId: number): Promise<PreferencesView> {
    const profile = await liveProfile(profileId);
    if (!profile) throw new errors.UnauthorizedError('Your session has ended. Please request a new link.');
    const locale: Locale = profile.locale === 'en' ? 'en' : 'de';
    const [topics, subscriptions, legalText] = await Promise.all([
      publicTopicRows(),
      subscriptionsOf(profileId),
      currentLegalText(locale),
    ]);
    const consentRows = (await strapi.db.query(UID.consent).findMany({
      where: { profileId },
      orderBy: { id: 'desc' },
    })) as Array<Record<string, any>>;
    const legalIds = [...new Set(consentRows.map((c) => c.legalTextId).filter((id) => id != null).map(Number))];
    const legalTexts = legalIds.length
      ? ((await strapi.db.query(UID.legalText).findMany({ where: { id: { $in: legalIds } } })) as LegalTextRow[])
      : [];

    return {
      profile: {
        email: profile.email,
        firstName: profile.firstName ?? null,
        postalCode: profile.postalCode ?? null,
        district: profile.district ?? null,
        locale,
        status: profile.status,
      },
      askedFields: getConfig(strapi).preferences.askedFields ?? [...PROFILE_FIELDS],
      topics: topics.map((topic) => ({
        ...toPublicTopic(topic, locale),
        status: (subscriptions.find((s) => Number(s.topicId) === topic.id)?.status ?? null) as SubscriptionStatus | null,
      })),
      legalText,
      consents: consentRows.map((consent) => {
        const legal = legalTexts.find((text) => text.id === Number(consent.legalTextId));
        return {
          action: consent.action,
          purpose: consent.purpose,
          createdAt: toIso(consent.createdAt) ?? '',
          legalText: legal ? { title: legal.title, version: legal.version, locale: legal.locale } : null,
          topics: Array.isArray(consent.topics) ? consent.topics : [],
          sourceUrl: consent.sourceUrl ?? null,
        };
      }),
    };
  }

  /** Ends the active or pending subscriptions given and records one withdrawal for them. */
  async function withdraw(profile: ProfileRow, withdrawn: SubscriptionRow[], meta: RequestMeta) {
    if (!withdrawn.length) return;
    await strapi.db.query(UID.subscription).updateMany({
      where: { id: { $in: withdrawn.map((s) => s.id) } },
      data: { status: 'unsubscribed', withdrawnAt: new Date() },
    });
    await ledger().withdrawNewsletter(profile.id, withdrawn.map((s) => s.topicId), PREFERENCES_SOURCE, meta);
  }

  /** Profile status follows the subscriptions: active while one is active, else unsubscribed. */
  async function syncStatus(profile: ProfileRow) {
    const active = await strapi.db.query(UID.subscription).count({ where: { profileId: profile.id, status: 'active' } });
    const now = new Date();
    if (active > 0 && profile.status !== 'active') {
      await strapi.db.query(UID.profile).update({
        where: { id: profile.id },
        data: { status: 'active', confirmedAt: profile.confirmedAt ?? now, unsubscribedAt: null },
      });
    } else if (active === 0 && profile.status === 'active') {
      await strapi.db.query(UID.profile).update({ where: { id: profile.id }, data: { status: 'unsubscribed', unsubscribedAt: now } });
    }
  }

  async function sessionProfile(profileId: number): Promise<PreferencesProfileRow> {
    const profile = await liveProfile(profileId);
    if (!profile) throw new errors.UnauthorizedError('Your session has ended. Please request a new link.');
    return profile;
  }

  return {
    /**
     * Mails a manage link to a known, not erased address. The caller answers 202 either way (no
     * enumeration); a second request within the cooldown sends nothing.
     */
    async requestLink(input: PreferencesLinkRequest): Promise<void> {
      const pageUrl = linkTarget(input.pageUrl);
      const email = normaliseEmail(input.email);
      await strapi.db.transaction(async ({ onCommit }) => {
        const profile = (await strapi.db.query(UID.profile).findOne({ where: { email } })) as ProfileRow | null;
        if (!profile || profile.status === 'erased') return;
        if (await hasRecentLinkMail(profile.id)) return;
        await enqueueMail(strapi, { profileId: profile.id, kind: 'manage-link', locale: profile.locale, data: { pageUrl } });
        onCommit(() => kickOutbox(strapi));
      });
    },

    /**
     * Exchanges a manage-link token for a session. The link is reusable until it expires (a citizen
     * may open the mail twice, on two devices); every exchange starts a new session.
     */
    async openSession(rawToken: string): Promise<{ sessionToken: string; expiresAt: string }> {
      const claim = await tokens().peek(rawToken, 'manage-link');
      if (!(await liveProfile(claim.profileId))) throw new LinkError('invalid');
      const ttlSeconds = getConfig(strapi).tokens.sessionTtlSeconds;
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      const sessionToken = await tokens().issue({ purpose: 'session', profileId: claim.profileId, ttlSeconds });
      return { sessionToken, expiresAt: expiresAt.toISOString() };
    },

    /** The profile a bearer session token belongs to; anything else is a 401. */
    async authenticate(rawToken: string | undefined): Promise<number> {
      const refused = new errors.UnauthorizedError('A valid session is required. Please open the link from your email again.');
      if (!rawToken) throw refused;
      try {
        const claim = await tokens().peek(rawToken, 'session');
        await sessionProfile(claim.profileId);
        return claim.profileId;
      } catch (error) {
        if (error instanceof LinkError || error instanceof errors.UnauthorizedError) throw refused;
        throw error;
      }
    },

    view,

    async updateProfile(profileId: number, patch: PreferencesProfilePatch): Promise<PreferencesView> {
      await strapi.db.transaction(async () => {
        await sessionProfile(profileId);
        // An empty text clears the field.
        const data = Object.fromEntries(
          Object.entries(patch)
            .filter(([, value]) => value !== undefined)
            .map(([key, value]) => [key, value === '' ? null : value]),
        );
        if (Object.keys(data).length) await strapi.db.query(UID.profile).update({ where: { id: profileId }, data });
      });
      return view(profileId);
    },

    /**
     * Makes `topics` the complete set of active subscriptions. The manage link proved the mailbox,
     * so new topics are active at once (granted + confirmed consent); dropped ones are withdrawn.
     */
    async updateSubscriptions(profileId: number, input: PreferencesSubscriptionsUpdate, meta: RequestMeta): Promise<PreferencesView> {
      const wanted = [...new Set(input.topics)];
      const found = (await getService(strapi, 'catalog').topicsBySlug(wanted)).filter((topic) => topic.isPublic);
      const unknown = wanted.filter((slug) => !found.some((topic) => topic.slug === slug));
      if (unknown.length) {
        throw fieldError(['topics', String(input.topics.indexOf(unknown[0]!))], `unknown topic: ${unknown.join(', ')}`);
      }

      await strapi.db.transaction(async () => {
        const profile = await sessionProfile(profileId);
        const subscriptions = await subscriptionsOf(profileId);
        const added = found.filter((topic) => subscriptions.find((s) => Number(s.topicId) === topic.id)?.status !== 'active');
        const dropped = subscriptions.filter(
          (s) => s.status !== 'unsubscribed' && !found.some((topic) => topic.id === Number(s.topicId)),
        );

        if (added.length) {
          const locale: Locale = profile.locale === 'en' ? 'en' : 'de';
          const legalText = await currentLegalText(locale);
          if (input.consent !== true) throw fieldError(['consent'], 'is required to subscribe to a topic');
          if (!legalText || input.legalTextVersion !== legalText.version) {
            throw fieldError(['legalTextVersion'], `must be the current version of the ${locale} consent text (${legalText?.version ?? 'none'})`);
          }
          const legalRow = await getService(strapi, 'catalog').legalText('newsletter', locale, legalText.version);
          const now = new Date();
          for (const topic of added) {
            const existing = subscriptions.find((s) => Number(s.topicId) === topic.id);
            const data = { status: 'active', source: PREFERENCES_SOURCE, confirmedAt: now, withdrawnAt: null };
            if (existing) await strapi.db.query(UID.subscription).update({ where: { id: existing.id }, data });
            else await strapi.db.query(UID.subscription).create({ data: { ...data, profileId, topicId: topic.id } });
          }
          const entry = {
            profileId,
            legalTextId: legalRow?.id ?? null,
            purpose: 'newsletter' as const,
            topics: added.map((topic) => topic.slug),
            sourceUrl: null,
            widget: PREFERENCES_SOURCE,
          };
          await ledger().append({ ...entry, action: 'granted' }, meta);
          await ledger().append({ ...entry, action: 'confirmed' }, meta);
        }
        await withdraw(profile, dropped, meta);
        await syncStatus(profile);
      });
      return view(profileId);
    },

    /** Withdraws every subscription at once (Art. 21). */
    async unsubscribeAll(profileId: number, meta: RequestMeta): Promise<PreferencesView> {
      await strapi.db.transaction(async () => {
        const profile = await sessionProfile(profileId);
        const current = (await subscriptionsOf(profileId)).filter((s) => s.status !== 'unsubscribed');
        await withdraw(profile, current, meta);
        if (profile.status !== 'unsubscribed') {
          await strapi.db.query(UID.profile).update({
            where: { id: profileId },
            data: { status: 'unsubscribed', unsubscribedAt: new Date() },
          });
        }
      });
      return view(profileId);
    },
  };
};

export default preferences;
export type PreferencesService = ReturnType<typeof preferences>;
