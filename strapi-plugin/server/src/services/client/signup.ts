import type { Locale, SignupRequest } from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { fieldError } from '../../utils/errors';
import { normaliseEmail } from '../../utils/email';
import { getConfig } from '../../utils/config';
import { retryOnUniqueViolation } from '../../utils/db';
import { enqueueMail, getService, kickOutbox } from '../../utils/services';
import type { RequestMeta } from '../common/ledger';
import type { TopicRow } from './catalog';

export interface ProfileRow {
  id: number;
  email: string;
  status: 'pending' | 'active' | 'unsubscribed' | 'erased';
  locale: Locale;
  firstName: string | null;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}

export interface SubscriptionRow {
  id: number;
  profileId: number;
  topicId: number;
  status: 'pending' | 'active' | 'unsubscribed';
}

/**
 * Double opt-in signup. Every accepted request gets the same answer whether the address is new,
 * pending or active (no enumeration); nothing is ever activated here — only the confirm link does.
 */
const signup = ({ strapi }: { strapi: Strapi }) => {
  const catalog = () => getService(strapi, 'catalog');

  async function publicTopics(slugs: string[]): Promise<TopicRow[]> {
    const unique = [...new Set(slugs)];
    const found = (await catalog().topicsBySlug(unique)).filter((topic) => topic.isPublic);
    const known = new Set(found.map((topic) => topic.slug));
    const unknown = unique.filter((slug) => !known.has(slug));
    if (unknown.length) {
      const index = slugs.indexOf(unknown[0]!);
      const error = fieldError(['topics', String(index)], `unknown topic: ${unknown.join(', ')}`);
      throw error;
    }
    // Keep the citizen's order.
    return unique.map((slug) => found.find((topic) => topic.slug === slug)!);
  }

  async function hasRecentDoiMail(profileId: number, since: Date): Promise<boolean> {
    // The message type belongs to the mail subsystem; without it there is nothing to throttle.
    if (!strapi.db.metadata.has(UID.message)) return false;
    const count = await strapi.db
      .query(UID.message)
      .count({ where: { profileId, kind: 'doi', createdAt: { $gt: since } } });
    return count > 0;
  }

  return {
    async accept(input: SignupRequest, meta: RequestMeta): Promise<void> {
      // Honeypot: a bot gets the normal answer and nothing happens.
      if (input.website) return;

      const email = normaliseEmail(input.email);
      const topics = await publicTopics(input.topics);
      const legalText = await catalog().legalText('newsletter', input.locale, input.legalTextVersion);
      if (!legalText) {
        throw fieldError(['legalTextVersion'], `version ${input.legalTextVersion} of the ${input.locale} consent text does not exist`);
      }
      const config = getConfig(strapi);

      // Two simultaneous first signups of one address race for the unique email: the loser retries once.
      await retryOnUniqueViolation(() => strapi.db.transaction(async ({ onCommit }) => {
        const profiles = strapi.db.query(UID.profile);
        let profile = (await profiles.findOne({ where: { email } })) as ProfileRow | null;
        if (!profile) {
          profile = (await profiles.create({
            data: { email, status: 'pending', locale: input.locale, firstName: input.firstName || null },
          })) as ProfileRow;
        } else if (profile.status !== 'active') {
          // Not confirmed (any more): the next mail speaks the language of this signup.
          profile = (await profiles.update({
            where: { id: profile.id },
            data: { status: 'pending', locale: input.locale, ...(input.firstName ? { firstName: input.firstName } : {}) },
          })) as ProfileRow;
        }

        const subscriptions = strapi.db.query(UID.subscription);
        const existing = (await subscriptions.findMany({
          where: { profileId: profile.id, topicId: { $in: topics.map((topic) => topic.id) } },
        })) as SubscriptionRow[];
        const pendingTopics: string[] = [];
        for (const topic of topics) {
          const subscription = existing.find((row) => row.topicId === topic.id);
          if (!subscription) {
            await subscriptions.create({
              data: { profileId: profile.id, topicId: topic.id, status: 'pending', source: input.pageUrl },
            });
          } else if (subscription.status === 'unsubscribed') {
            await subscriptions.update({
              where: { id: subscription.id },
              data: { status: 'pending', source: input.pageUrl, confirmedAt: null, withdrawnAt: null },
            });
          } else if (subscription.status === 'active') {
            continue;
          }
          pendingTopics.push(topic.slug);
        }

        const consent = await getService(strapi, 'ledger').append(
          {
            profileId: profile.id,
            legalTextId: legalText.id,
            purpose: 'newsletter',
            action: 'granted',
            topics: topics.map((topic) => topic.slug),
            sourceUrl: input.pageUrl,
            widget: input.widget ?? null,
          },
          meta,
        );

        if (!pendingTopics.length) return;
        const since = new Date(Date.now() - config.signupResendCooldownSeconds * 1000);
        if (await hasRecentDoiMail(profile.id, since)) return;

        await enqueueMail(strapi, {
          profileId: profile.id,
          kind: 'doi',
          locale: profile.locale,
          data: { consentId: consent.id, topics: pendingTopics },
        });
        onCommit(() => kickOutbox(strapi));
      }));
    },
  };
};

export default signup;
export type SignupService = ReturnType<typeof signup>;
