import type { Locale, SignupRequest } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { SHARED_UID } from '../../../shared/tables';
import { SUBSCRIPTIONS_UID } from '../tables';
import { fieldError } from '../../../kernel/http/errors';
import { getService } from '../../../kernel/services';
import { enqueueMail, kickOutbox } from '../../../shared/mail/queue';
import type { RequestMeta } from '../../../shared/consent/ledger';
import type { LegalTextRow } from '../../../shared/consent/rows';
import type { FoundProfile } from '../../../shared/citizens/profile-by-email';
import { subscriptionRows, type TopicRow } from '../rows';

const existingSubscriptions = subscriptionRows.pick('id', 'topicId', 'status');

/** What `prepare` found for a signup: its topics and consent text. */
export interface SignupPlan {
  topics: TopicRow[];
  legalText: LegalTextRow;
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
      const error = fieldError(['topics', String(index)], `unknown topic: ${unknown.join(', ')}`, 'unknown-topic');
      throw error;
    }
    // Keep the citizen's order.
    const bySlug = new Map(found.map((topic) => [topic.slug, topic]));
    return unique.map((slug) => bySlug.get(slug)!);
  }

  /** What a signup checks before its answer: the same for every address (topics, consent text). */
  async function prepare(input: SignupRequest): Promise<SignupPlan> {
    const topics = await publicTopics(input.topics);
    const legalText = await catalog().legalText('newsletter', input.locale, input.legalTextVersion);
    if (!legalText) {
      throw fieldError(['legalTextVersion'], `version ${input.legalTextVersion} of the ${input.locale} consent text does not exist`, 'legal-text-outdated');
    }
    return { topics, legalText };
  }

  /**
   * The work for the address, after the answer. One transaction; for a new address it is BEGIN,
   * SELECT profile, and one INSERT each for the profile, its subscriptions, the consent and the DOI
   * mail, COMMIT. Inserts use the Query Engine's createMany (defaults, timestamps, lifecycles; no
   * read-back of rows whose every field is known here). Topics and referenced legal texts come from
   * the catalog's in-process cache. Joins the caller's transaction when there is one.
   */
  async function apply(input: SignupRequest, { topics, legalText }: SignupPlan, meta: RequestMeta): Promise<void> {
    await getService(strapi, 'profileByEmail').inTransaction(input.email, { locale: input.locale }, async (found, { created, onCommit }) => {
      const now = new Date();
      let profile: FoundProfile = found;
      if (!created && found.status !== 'active') {
        // Not confirmed (any more): the next mail speaks the language of this signup.
        const changes = { status: 'pending' as const, locale: input.locale };
        await strapi.db.query(SHARED_UID.profile).updateMany({ where: { id: found.id }, data: { ...changes, updatedAt: now } });
        profile = { ...found, ...changes };
      }

      const subscriptions = strapi.db.query(SUBSCRIPTIONS_UID.subscription);
      const existing = created
        ? []
        : existingSubscriptions.many(
            await subscriptions.findMany({
              where: { profileId: profile.id, topicId: { $in: topics.map((topic) => topic.id) } },
              select: existingSubscriptions.select,
            }),
          );
      const byTopic = new Map(existing.map((row) => [row.topicId, row]));
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
      // Within the cooldown or beyond the mailbox's budget: everything is recorded, only no mail.
      if (!(await getService(strapi, 'rateLimits').allowMail(input.email, 'signup'))) return;

      await enqueueMail(strapi, {
        profileId: profile.id,
        kind: 'doi',
        locale: profile.locale,
        // The name waits in the confirm link (never in the mail): the confirmation takes it over.
        data: { consentId: consent.id, topics: pendingTopics, ...(input.firstName ? { pendingFirstName: input.firstName } : {}) },
        profile,
      });
      onCommit(() => kickOutbox(strapi));
    });
  }

  return {
    prepare,
    apply,

    /**
     * POST /signups: checks what is the same for every address, then leaves the work for the address
     * to the intake (after the answer), so a known and an unknown address are answered alike.
     */
    async accept(input: SignupRequest, meta: RequestMeta): Promise<void> {
      // Honeypot: a bot gets the normal answer and nothing happens.
      if (input.website) return;
      const plan = await prepare(input);
      getService(strapi, 'intake').afterAnswer('signup', () => apply(input, plan, meta));
    },
  };
};

export default signup;
export type SignupService = ReturnType<typeof signup>;
