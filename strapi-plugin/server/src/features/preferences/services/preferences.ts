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
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { SHARED_UID } from '../../../shared/tables';
import { SUBSCRIPTIONS_UID } from '../../subscriptions';
import { fieldError, LinkError } from '../../../kernel/http/errors';
import { originOf, townOrigins } from '../../../kernel/http/town-pages';
import { normaliseEmail } from '../../../kernel/email';
import { allPreferencePageUrls, getConfig, preferencesPageUrl } from '../../../kernel/get-config';
import { getService } from '../../../kernel/services';
import { enqueueMail, kickOutbox } from '../../../shared/mail/queue';
import type { RequestMeta } from '../../../shared/consent/ledger';
import { profileRows, type ProfileRow } from '../../../shared/citizens/rows';
import { consentRows, legalTextRows } from '../../../shared/consent/rows';
import { subscriptionRows, toPublicTopic, topicRows, type SubscriptionRow, type TopicRow } from '../../subscriptions';

/** What a manage-link request reads of the address's profile. */
const linkProfiles = profileRows.pick('id', 'status', 'locale');

/** Where a subscription or consent made in the preference center says it came from. */
const PREFERENCES_SOURCE = 'preferences';

/** Who a preference-center request is for, and when the manage link behind its session was requested. */
export interface CitizenSession {
  profileId: number;
  /** Epoch ms; null for links that came with a mail nobody asked for just now (welcome, newsletter). */
  linkRequestedAt: number | null;
}

/** The manage link: the token travels in the fragment, so it never reaches server logs or Referer. */
export function manageLinkUrl(pageUrl: string, token: string): string {
  const url = new URL(pageUrl);
  url.hash = `${MANAGE_LINK_FRAGMENT}=${token}`;
  return url.toString();
}

/** A page's origin and path: what decides whether a manage link may return to it. */
const pageOf = (url: string): string | null => {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
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

  async function liveProfile(profileId: number): Promise<(ProfileRow & { email: string }) | null> {
    const profile = profileRows.one(await strapi.db.query(SHARED_UID.profile).findOne({ where: { id: profileId } }));
    return profile && profile.status !== 'erased' && profile.email ? { ...profile, email: profile.email } : null;
  }

  /**
   * The page the mailed link opens: the page it was asked on when that is one of the configured
   * preference pages (config preferences.pages, town.preferencesUrl(s)), else the town's preference
   * page of the asker's language — never any other page of an allowed origin. A page of a foreign site is refused.
   */
  function linkTarget(pageUrl: string, locale: Locale): string {
    const origin = originOf(pageUrl);
    if (!origin || !townOrigins(strapi).has(origin)) {
      throw fieldError(['pageUrl'], 'is not on a website of the town', 'page-not-allowed');
    }
    // The configured address itself (not the asked one): no query or path of the client's reaches the mail.
    const asked = pageOf(pageUrl);
    return [...(getConfig(strapi).preferences.pages ?? []), ...allPreferencePageUrls(strapi)].find((page) => pageOf(page) === asked) ?? preferencesPageUrl(strapi, locale);
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
    return topicRows.many(await strapi.db.query(SUBSCRIPTIONS_UID.topic).findMany({ where: { isPublic: true }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] }));
  }

  async function subscriptionsOf(profileId: number): Promise<SubscriptionRow[]> {
    return subscriptionRows.many(await strapi.db.query(SUBSCRIPTIONS_UID.subscription).findMany({ where: { profileId } }));
  }

  /**
   * The citizen's view. Topic names and consent subjects come in `shownIn`, the widget's language
   * (else the profile's); the consent text stays the profile's, as a new consent is checked against it.
   */
  async function view(profileId: number, shownIn?: Locale): Promise<PreferencesView> {
    const profile = await liveProfile(profileId);
    if (!profile) throw new errors.UnauthorizedError('Your session has ended. Please request a new link.');
    const locale: Locale = profile.locale;
    const shown: Locale = shownIn ?? locale;
    const [topics, subscriptions, legalText] = await Promise.all([
      publicTopicRows(),
      subscriptionsOf(profileId),
      currentLegalText(locale),
    ]);
    const consents = consentRows.many(await strapi.db.query(SHARED_UID.consent).findMany({ where: { profileId }, orderBy: { id: 'desc' } }));
    const legalIds = [...new Set(consents.flatMap((c) => (c.legalTextId === null ? [] : [c.legalTextId])))];
    const legalTexts = legalIds.length ? legalTextRows.many(await strapi.db.query(SHARED_UID.legalText).findMany({ where: { id: { $in: legalIds } } })) : [];
    const subjects = await ledger().subjectsOf(consents, shown);

    return {
      profile: {
        email: profile.email,
        firstName: profile.firstName,
        postalCode: profile.postalCode,
        district: profile.district,
        locale,
        status: profile.status,
      },
      askedFields: getConfig(strapi).preferences.askedFields ?? [...PROFILE_FIELDS],
      topics: topics.map((topic) => ({
        ...toPublicTopic(topic, shown),
        status: subscriptions.find((s) => s.topicId === topic.id)?.status ?? null,
      })),
      legalText,
      consents: consents.map((consent) => {
        const legal = legalTexts.find((text) => text.id === consent.legalTextId);
        return {
          action: consent.action,
          purpose: consent.purpose,
          createdAt: consent.createdAt,
          legalText: legal ? { title: legal.title, version: legal.version, locale: legal.locale } : null,
          topics: consent.topics,
          subject: subjects.get(consent.id) ?? null,
          sourceUrl: consent.sourceUrl,
        };
      }),
    };
  }

  /** Ends the active or pending subscriptions given and records one withdrawal for them. */
  async function withdraw(profile: ProfileRow, withdrawn: SubscriptionRow[], meta: RequestMeta) {
    if (!withdrawn.length) return;
    await strapi.db.query(SUBSCRIPTIONS_UID.subscription).updateMany({
      where: { id: { $in: withdrawn.map((s) => s.id) } },
      data: { status: 'unsubscribed', withdrawnAt: new Date() },
    });
    const topics = await getService(strapi, 'catalog').topicSlugs(withdrawn.map((s) => s.topicId));
    await ledger().withdrawNewsletter(profile.id, topics, PREFERENCES_SOURCE, meta);
  }

  /** Profile status follows the subscriptions: active while one is active, else unsubscribed. */
  async function syncStatus(profile: ProfileRow) {
    const active = await strapi.db.query(SUBSCRIPTIONS_UID.subscription).count({ where: { profileId: profile.id, status: 'active' } });
    const now = new Date();
    if (active > 0 && profile.status !== 'active') {
      await strapi.db.query(SHARED_UID.profile).update({
        where: { id: profile.id },
        data: { status: 'active', confirmedAt: profile.confirmedAt ?? now, unsubscribedAt: null },
      });
    } else if (active === 0 && profile.status === 'active') {
      await strapi.db.query(SHARED_UID.profile).update({ where: { id: profile.id }, data: { status: 'unsubscribed', unsubscribedAt: now } });
    }
  }

  async function sessionProfile(profileId: number): Promise<ProfileRow & { email: string }> {
    const profile = await liveProfile(profileId);
    if (!profile) throw new errors.UnauthorizedError('Your session has ended. Please request a new link.');
    return profile;
  }

  return {
    /**
     * Mails a manage link to a known, not erased address, after the answer: the caller answers 202
     * either way, alike in bytes and time (no enumeration); within the cooldown or beyond the
     * mailbox's budget nothing is sent.
     */
    async requestLink(input: PreferencesLinkRequest): Promise<void> {
      const pageUrl = linkTarget(input.pageUrl, input.locale);
      const email = normaliseEmail(input.email);
      // Whether the address is known decides what happens, so it happens after the answer.
      getService(strapi, 'intake').afterAnswer('manage-link request', async () => {
        await strapi.db.transaction(async ({ onCommit }) => {
          const profile = linkProfiles.one(await strapi.db.query(SHARED_UID.profile).findOne({ where: { email }, select: linkProfiles.select }));
          if (!profile || profile.status === 'erased') return;
          if (!(await getService(strapi, 'rateLimits').allowMail(email, 'manage-link'))) return;
          await enqueueMail(strapi, { profileId: profile.id, kind: 'manage-link', locale: profile.locale, data: { pageUrl } });
          onCommit(() => kickOutbox(strapi));
        });
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
      // When the link was requested (only links mailed on request have it): what erasure and export ask.
      const requestedAt = Number(claim.payload.requestedAt) || null;
      const sessionToken = await tokens().issue({ purpose: 'session', profileId: claim.profileId, payload: requestedAt ? { requestedAt } : {}, ttlSeconds });
      // A visit of the preference center: activity the town may know (automations' "inactive for N months").
      await strapi.db.query(SHARED_UID.profile).update({ where: { id: claim.profileId }, data: { lastVisitAt: new Date() } });
      return { sessionToken, expiresAt: expiresAt.toISOString() };
    },

    /**
     * Erasure and export act on everything the town holds: they need a link the citizen requested
     * by mail a short while ago (preferences.freshLinkMinutes), not one from an old or forwarded
     * newsletter or welcome mail. 403 with reason 'fresh-link-required' otherwise.
     */
    requireFreshLink(session: CitizenSession): void {
      const minutes = getConfig(strapi).preferences.freshLinkMinutes;
      if (session.linkRequestedAt && Date.now() - session.linkRequestedAt <= minutes * 60_000) return;
      // PolicyError (403): Strapi replaces a ForbiddenError's message with "Forbidden".
      throw new errors.PolicyError(
        `To export or erase your data, please request a new link by email first: it works for this for ${minutes} minutes.`,
        { reason: 'fresh-link-required' },
      );
    },

    /** The profile a bearer session token belongs to (and when its link was requested); anything else is a 401. */
    async authenticate(rawToken: string | undefined): Promise<CitizenSession> {
      const refused = new errors.UnauthorizedError('A valid session is required. Please open the link from your email again.');
      if (!rawToken) throw refused;
      try {
        const claim = await tokens().peek(rawToken, 'session');
        await sessionProfile(claim.profileId);
        return { profileId: claim.profileId, linkRequestedAt: Number(claim.payload.requestedAt) || null };
      } catch (error) {
        if (error instanceof LinkError || error instanceof errors.UnauthorizedError) throw refused;
        throw error;
      }
    },

    view,

    async updateProfile(profileId: number, patch: PreferencesProfilePatch, shownIn?: Locale): Promise<PreferencesView> {
      await strapi.db.transaction(async () => {
        await sessionProfile(profileId);
        // An empty text clears the field.
        const data = Object.fromEntries(
          Object.entries(patch)
            .filter(([, value]) => value !== undefined)
            .map(([key, value]) => [key, value === '' ? null : value]),
        );
        if (Object.keys(data).length) await strapi.db.query(SHARED_UID.profile).update({ where: { id: profileId }, data });
      });
      return view(profileId, shownIn);
    },

    /**
     * Makes `topics` the complete set of active subscriptions. The manage link proved the mailbox,
     * so new topics are active at once (granted + confirmed consent); dropped ones are withdrawn.
     */
    async updateSubscriptions(profileId: number, input: PreferencesSubscriptionsUpdate, meta: RequestMeta, shownIn?: Locale): Promise<PreferencesView> {
      const wanted = [...new Set(input.topics)];
      const found = (await getService(strapi, 'catalog').topicsBySlug(wanted)).filter((topic) => topic.isPublic);
      const unknown = wanted.filter((slug) => !found.some((topic) => topic.slug === slug));
      if (unknown.length) {
        throw fieldError(['topics', String(input.topics.indexOf(unknown[0]!))], `unknown topic: ${unknown.join(', ')}`, 'unknown-topic');
      }

      await strapi.db.transaction(async () => {
        const profile = await sessionProfile(profileId);
        const subscriptions = await subscriptionsOf(profileId);
        const added = found.filter((topic) => subscriptions.find((s) => s.topicId === topic.id)?.status !== 'active');
        const dropped = subscriptions.filter((s) => s.status !== 'unsubscribed' && !found.some((topic) => topic.id === s.topicId));

        if (added.length) {
          const locale: Locale = profile.locale;
          const legalText = await currentLegalText(locale);
          if (input.consent !== true) throw fieldError(['consent'], 'is required to subscribe to a topic', 'consent-required');
          if (!legalText || input.legalTextVersion !== legalText.version) {
            throw fieldError(['legalTextVersion'], `must be the current version of the ${locale} consent text (${legalText?.version ?? 'none'})`, 'legal-text-outdated');
          }
          const legalRow = await getService(strapi, 'catalog').legalText('newsletter', locale, legalText.version);
          const now = new Date();
          for (const topic of added) {
            const existing = subscriptions.find((s) => s.topicId === topic.id);
            const data = { status: 'active', source: PREFERENCES_SOURCE, confirmedAt: now, withdrawnAt: null };
            if (existing) await strapi.db.query(SUBSCRIPTIONS_UID.subscription).update({ where: { id: existing.id }, data });
            else await strapi.db.query(SUBSCRIPTIONS_UID.subscription).create({ data: { ...data, profileId, topicId: topic.id } });
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
      return view(profileId, shownIn);
    },

    /** Withdraws every subscription at once (Art. 21). */
    async unsubscribeAll(profileId: number, meta: RequestMeta, shownIn?: Locale): Promise<PreferencesView> {
      await strapi.db.transaction(async () => {
        const profile = await sessionProfile(profileId);
        const current = (await subscriptionsOf(profileId)).filter((s) => s.status !== 'unsubscribed');
        await withdraw(profile, current, meta);
        if (profile.status !== 'unsubscribed') {
          await strapi.db.query(SHARED_UID.profile).update({
            where: { id: profileId },
            data: { status: 'unsubscribed', unsubscribedAt: new Date() },
          });
        }
      });
      return view(profileId, shownIn);
    },
  };
};

export default preferences;
export type PreferencesService = ReturnType<typeof preferences>;
