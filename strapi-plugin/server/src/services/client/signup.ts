import type { Locale, SignupRequest } from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { fieldError } from '../../utils/errors';
import { getConfig } from '../../utils/config';
import { enqueueMail, getService, kickOutbox } from '../../utils/services';
import type { RequestMeta } from '../common/ledger';
import type { TopicRow } from './catalog';
import type { ProfileRow } from '../common/profile-by-email';

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
    const bySlug = new Map(found.map((topic) => [topic.slug, topic]));
    return unique.map((slug) => bySlug.get(slug)!);
  }

  /** Any DOI mail to this profile since `since`? One indexed `SELECT id … LIMIT 1`, not a count. */
  async function hasRecentDoiMail(profileId: number, since: Date): Promise<boolean> {
    const recent = await strapi.db.query(UID.message).findOne({
      where: { profileId, kind: 'doi', createdAt: { $gt: since } },
      select: ['id'],
    });
    return Boolean(recent);
  }

  return {
    /**
     * One transaction; for a new address it is BEGIN, SELECT profile, and one INSERT each for the
     * profile, its subscriptions, the consent and the DOI mail, COMMIT. Inserts use the Query
     * Engine's createMany (defaults, timestamps, lifecycles; no read-back of rows whose every field
     * is known here). Topics and referenced legal texts come from the catalog's in-process cache.
     */
    async accept(input: SignupRequest, meta: RequestMeta): Promise<void> {
      // Honeypot: a bot gets the normal answer and nothing happens.
      if (input.website) return;

      const topics = await publicTopics(input.topics);
      const legalText = await catalog().legalText('newsletter', input.locale, input.legalTextVersion);
      if (!legalText) {
        throw fieldError(['legalTextVersion'], `version ${input.legalTextVersion} of the ${input.locale} consent text does not exist`);
      }
      const config = getConfig(strapi);

      const newProfile = { locale: input.locale, firstName: input.firstName };
      await getService(strapi, 'profileByEmail').inTransaction(input.email, newProfile, async (found, { created, onCommit }) => {
        const now = new Date();
        let profile: ProfileRow = found;
        if (!created && found.status !== 'active') {
          // Not confirmed (any more): the next mail speaks the language of this signup.
          const changes = { status: 'pending' as const, locale: input.locale, ...(input.firstName ? { firstName: input.firstName } : {}) };
          await strapi.db.query(UID.profile).updateMany({ where: { id: found.id }, data: { ...changes, updatedAt: now } });
          profile = { ...found, ...changes };
        }

        const subscriptions = strapi.db.query(UID.subscription);
        const existing = created
          ? []
          : ((await subscriptions.findMany({
              where: { profileId: profile.id, topicId: { $in: topics.map((topic) => topic.id) } },
              select: ['id', 'topicId', 'status'],
            })) as SubscriptionRow[]);
        const byTopic = new Map(existing.map((row) => [Number(row.topicId), row]));
        const pendingTopics: string[] = [];
        const create: number[] = [];
        const reopen: number[] = [];
        for (const topic of topics) {
          const subscription = byTopic.get(topic.id);
          if (!subscription) create.push(topic.id);
          else if (subscription.status === 'unsubscribed') reopen.push(subscription.id);
          else if (subscription.status === 'active') continue;
          pendingTopics.push(topic.slug);
        }
        if (create.length) {
          await subscriptions.createMany({
            data: create.map((topicId) => ({
              profileId: profile.id,
              topicId,
              status: 'pending',
              source: input.pageUrl,
              createdAt: now,
              updatedAt: now,
            })),
          });
        }
        if (reopen.length) {
          await subscriptions.updateMany({
            where: { id: { $in: reopen } },
            data: { status: 'pending', source: input.pageUrl, confirmedAt: null, withdrawnAt: null, updatedAt: now },
          });
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
        // Committed with a consent referencing it, the text is frozen: later signups need not read it.
        onCommit(() => catalog().rememberReferenced(legalText));

        if (!pendingTopics.length) return;
        const since = new Date(now.getTime() - config.signupResendCooldownSeconds * 1000);
        if (!created && (await hasRecentDoiMail(profile.id, since))) return;

        await enqueueMail(strapi, {
          profileId: profile.id,
          kind: 'doi',
          locale: profile.locale,
          data: { consentId: consent.id, topics: pendingTopics },
          profile,
        });
        onCommit(() => kickOutbox(strapi));
      });
    },
  };
};

export default signup;
export type SignupService = ReturnType<typeof signup>;
