import { errors } from '@strapi/utils';
import type { LegalPurpose, Locale, PublicLegalText, PublicTopic } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { SHARED_UID } from '../../../shared/tables';
import { SUBSCRIPTIONS_UID } from '../tables';
import { legalTextRows, type LegalTextRow } from '../../../shared/consent/rows';
import { topicRows, type TopicRow } from '../rows';

const topicSlugs = topicRows.pick('slug');

/** The name of a topic in the citizen's language, falling back to the other one. */
export function topicName(topic: Pick<TopicRow, 'nameDe' | 'nameEn' | 'slug'>, locale: Locale): string {
  return (locale === 'en' ? topic.nameEn || topic.nameDe : topic.nameDe || topic.nameEn) || topic.slug;
}

export function toPublicTopic(topic: TopicRow, locale: Locale): PublicTopic {
  const description =
    locale === 'en' ? topic.descriptionEn || topic.descriptionDe : topic.descriptionDe || topic.descriptionEn;
  return { slug: topic.slug, name: topicName(topic, locale), description: description || null };
}

/**
 * How long the in-process topic list may be stale on *another* instance (an edit made through this
 * instance clears its cache at once, via the topic lifecycles). Topics change a few times a year;
 * signups look them up on every request.
 */
export const TOPIC_CACHE_TTL_MS = 5_000;

const TOPIC_EVENTS = [
  'afterCreate',
  'afterCreateMany',
  'afterUpdate',
  'afterUpdateMany',
  'afterDelete',
  'afterDeleteMany',
] as const;

const legalTextKey = (purpose: LegalPurpose, locale: Locale, version: number) => `${purpose}:${locale}:${version}`;

/**
 * Public reads for the widgets: topics and the current consent text. Editors write via Document
 * Service. Both reads the signup path makes on every request are served from memory:
 * - topics: all rows (a town has dozens), for TOPIC_CACHE_TTL_MS, dropped when a topic changes here;
 * - legal texts: only versions a committed consent references (`rememberReferenced`). Those can
 *   never change or be deleted (guards refuse it), so the cached row is right forever and on every
 *   instance. A version nobody has consented to yet is always read from the database.
 */
const catalog = ({ strapi }: { strapi: Strapi }) => {
  let topics: { rows: TopicRow[]; bySlug: Map<string, TopicRow>; loadedAt: number } | null = null;
  let loading: Promise<TopicRow[]> | null = null;
  let generation = 0;
  let subscribed = false;
  const referencedTexts = new Map<string, LegalTextRow>();

  function invalidateTopics() {
    generation += 1;
    topics = null;
    loading = null;
  }

  async function allTopics(): Promise<TopicRow[]> {
    if (!subscribed) {
      subscribed = true;
      strapi.db.lifecycles.subscribe({
        models: [SUBSCRIPTIONS_UID.topic],
        ...Object.fromEntries(TOPIC_EVENTS.map((event) => [event, invalidateTopics])),
      });
    }
    if (topics && Date.now() - topics.loadedAt < TOPIC_CACHE_TTL_MS) return topics.rows;
    if (!loading) {
      const started = generation;
      const load = (async () => {
        const rows = topicRows.many(await strapi.db.query(SUBSCRIPTIONS_UID.topic).findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] }));
        // A change during the load makes this result stale: use it once, but do not keep it.
        if (started === generation) {
          topics = { rows, bySlug: new Map(rows.map((row) => [row.slug, row])), loadedAt: Date.now() };
        }
        return rows;
      })();
      loading = load;
      load.then(
        () => loading === load && (loading = null),
        () => loading === load && (loading = null),
      );
    }
    return loading;
  }

  return {
    async publicTopics(locale: Locale): Promise<PublicTopic[]> {
      const rows = await allTopics();
      return rows.filter((row) => row.isPublic).map((row) => toPublicTopic(row, locale));
    },

    /** Topics by slug (public or not; callers check), in no particular order; unknown slugs are left out. */
    async topicsBySlug(slugs: string[]): Promise<TopicRow[]> {
      if (!slugs.length) return [];
      const rows = await allTopics();
      const bySlug = topics?.rows === rows ? topics.bySlug : new Map(rows.map((row) => [row.slug, row]));
      return [...new Set(slugs)].flatMap((slug) => bySlug.get(slug) ?? []);
    },

    /** The slugs of these topics (read now, not from the cache: what a withdrawal records). */
    async topicSlugs(ids: number[]): Promise<string[]> {
      if (!ids.length) return [];
      const rows = topicSlugs.many(await strapi.db.query(SUBSCRIPTIONS_UID.topic).findMany({ where: { id: { $in: ids } }, select: topicSlugs.select }));
      return rows.map((row) => row.slug);
    },

    /** Drops the cached topics (also done by the topic lifecycles of this instance). */
    invalidateTopics,

    async legalText(purpose: LegalPurpose, locale: Locale, version: number): Promise<LegalTextRow | null> {
      const cached = referencedTexts.get(legalTextKey(purpose, locale, version));
      if (cached) return cached;
      return legalTextRows.one(await strapi.db.query(SHARED_UID.legalText).findOne({ where: { purpose, locale, version } }));
    },

    /** Call after a consent that references `row` has been committed: from then on it is frozen. */
    rememberReferenced(row: LegalTextRow) {
      referencedTexts.set(legalTextKey(row.purpose, row.locale, row.version), row);
    },

    async currentLegalText(purpose: LegalPurpose, locale: Locale): Promise<PublicLegalText> {
      const row = legalTextRows.one(
        await strapi.db.query(SHARED_UID.legalText).findOne({ where: { purpose, locale, version: { $notNull: true } }, orderBy: { version: 'desc' } }),
      );
      if (!row) throw new errors.NotFoundError(`No ${purpose} consent text exists for locale "${locale}".`);
      return { purpose: row.purpose, locale: row.locale, version: row.version, title: row.title, body: row.body };
    },
  };
};

export default catalog;
export type CatalogService = ReturnType<typeof catalog>;
