import { errors } from '@strapi/utils';
import type { LegalPurpose, Locale, PublicLegalText, PublicTopic } from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';

export interface TopicRow {
  id: number;
  slug: string;
  nameDe: string;
  nameEn: string | null;
  descriptionDe: string | null;
  descriptionEn: string | null;
  isPublic: boolean;
  sortOrder: number | null;
}

export interface LegalTextRow {
  id: number;
  purpose: LegalPurpose;
  locale: Locale;
  version: number;
  title: string;
  body: string;
}

/** The name of a topic in the citizen's language, falling back to the other one. */
export function topicName(topic: Pick<TopicRow, 'nameDe' | 'nameEn' | 'slug'>, locale: Locale): string {
  return (locale === 'en' ? topic.nameEn || topic.nameDe : topic.nameDe || topic.nameEn) || topic.slug;
}

export function toPublicTopic(topic: TopicRow, locale: Locale): PublicTopic {
  const description =
    locale === 'en' ? topic.descriptionEn || topic.descriptionDe : topic.descriptionDe || topic.descriptionEn;
  return { slug: topic.slug, name: topicName(topic, locale), description: description || null };
}

/** Public reads for the widgets: topics and the current consent text. Editors write via Document Service. */
const catalog = ({ strapi }: { strapi: Strapi }) => ({
  async publicTopics(locale: Locale): Promise<PublicTopic[]> {
    const rows = (await strapi.db.query(UID.topic).findMany({
      where: { isPublic: true },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    })) as TopicRow[];
    return rows.map((row) => toPublicTopic(row, locale));
  },

  async topicsBySlug(slugs: string[]): Promise<TopicRow[]> {
    if (!slugs.length) return [];
    return (await strapi.db.query(UID.topic).findMany({ where: { slug: { $in: slugs } } })) as TopicRow[];
  },

  async legalText(purpose: LegalPurpose, locale: Locale, version: number): Promise<LegalTextRow | null> {
    return (await strapi.db.query(UID.legalText).findOne({ where: { purpose, locale, version } })) as LegalTextRow | null;
  },

  async currentLegalText(purpose: LegalPurpose, locale: Locale): Promise<PublicLegalText> {
    const row = (await strapi.db.query(UID.legalText).findOne({
      where: { purpose, locale, version: { $notNull: true } },
      orderBy: { version: 'desc' },
    })) as LegalTextRow | null;
    if (!row) throw new errors.NotFoundError(`No ${purpose} consent text exists for locale "${locale}".`);
    return { purpose: row.purpose, locale: row.locale, version: row.version, title: row.title, body: row.body };
  },
});

export default catalog;
export type CatalogService = ReturnType<typeof catalog>;
