import { newsletterContentSchema, newsletterProblemOf, type NewsletterContent, type RichTextNode } from '@civic-dialog/contracts';
import { NEWSLETTERS_UID } from './tables';
import type { Strapi } from '../../kernel/types';
import { EVENTS_UID } from '../events';
import { SUBSCRIPTIONS_UID } from '../subscriptions';
import { toValidationError } from '../../kernel/http/errors';
import { errors } from '@strapi/utils';
import { COMPONENT_CATEGORY, entryComponentName, type ContentSource } from './components';
import { newsletterConfig } from './config';
import type { FrozenBlock, FrozenEvent, FrozenNewsletter } from './render';

/** The newsletter document as the content manager stores it, with what the send needs besides the content. */
export interface ResolvedNewsletter {
  documentId: string;
  slug: string;
  webArchive: boolean;
  updatedById: number | null;
  /** Who last changed the newsletter or an entry or survey it shows: none of them may approve it (second pair of eyes). */
  editorIds: number[];
  topicIds: number[];
  content: NewsletterContent;
}

const list = (text: unknown) =>
  String(text ?? '')
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter(Boolean);

/** Absolute URL of a media file (uploads are stored with a path relative to the CMS). */
const absolute = (url: unknown, publicUrl: string) => (typeof url === 'string' && url.startsWith('/') ? `${publicUrl}${url}` : (url as string | undefined));

/** "https://musterstadt.de/news/{slug}" or a field name → the entry's link. */
function entryUrl(entry: Record<string, unknown>, mapping: string | undefined): string | null {
  if (!mapping) return null;
  if (!mapping.includes('{')) return typeof entry[mapping] === 'string' ? (entry[mapping] as string) : null;
  return mapping.replace(/\{(\w+)\}/g, (_m, field: string) => encodeURIComponent(String(entry[field] ?? '')));
}

export function publicBaseUrl(strapi: Strapi): string {
  const config = strapi.config.get('plugin::civic-dialog') as { publicUrl?: string };
  const server = (key: string) => strapi.config.get(`server.${key}`) as string | number | undefined;
  const base = config.publicUrl || (server('url') as string) || `http://${server('host') ?? 'localhost'}:${server('port') ?? 1337}`;
  return base.replace(/\/+$/, '');
}

/**
 * Loads a newsletter with its blocks and turns it into the checked `NewsletterContent`: 404 when it
 * does not exist, 400 (with every problem named) when it cannot be sent as it is.
 */
export async function resolveNewsletter(strapi: Strapi, documentId: string): Promise<ResolvedNewsletter> {
  const config = newsletterConfig(strapi);
  const sources = new Map<string, ContentSource>(config.contentSources.map((source) => [`${COMPONENT_CATEGORY}.${entryComponentName(source.uid)}`, source]));
  const on: Record<string, unknown> = {
    [`${COMPONENT_CATEGORY}.rich-text`]: true,
    [`${COMPONENT_CATEGORY}.image`]: { populate: ['image'] },
    [`${COMPONENT_CATEGORY}.button`]: true,
    [`${COMPONENT_CATEGORY}.upcoming-events`]: { populate: ['topics'] },
    // Who last changed the survey: its title goes out in the mail, so that editor may not approve it.
    [`${COMPONENT_CATEGORY}.survey`]: { populate: { survey: { populate: ['updatedBy'] } } },
  };
  for (const [uid, source] of sources) on[uid] = { populate: { entry: source.image ? { populate: [source.image] } : true } };

  const doc = (await strapi.documents(NEWSLETTERS_UID.newsletter as any).findOne({
    documentId,
    populate: { body: { on }, topics: true, updatedBy: true } as any,
  })) as any;
  if (!doc) throw new errors.NotFoundError('This newsletter does not exist.');
  // The relation brings the entry's draft (a newsletter has no draft/publish of its own), so an
  // unpublished article or unpublished edits would go out: read each entry again, published only.
  const editorIds = new Set<number>();
  if (doc.updatedBy?.id) editorIds.add(Number(doc.updatedBy.id));
  for (const component of (doc.body ?? []) as any[]) {
    if (component.survey?.updatedBy?.id) editorIds.add(Number(component.survey.updatedBy.id));
    const source = sources.get(component.__component);
    if (!source || !component.entry?.documentId) continue;
    component.entry = await strapi
      .documents(source.uid as any)
      .findOne({ documentId: component.entry.documentId, status: 'published', populate: [...(source.image ? [source.image] : []), 'updatedBy'] } as any);
    if (component.entry?.updatedBy?.id) editorIds.add(Number(component.entry.updatedBy.id));
  }

  const publicUrl = publicBaseUrl(strapi);
  const blocks = ((doc.body ?? []) as any[]).map((component) => {
    const kind = String(component.__component ?? '').replace(`${COMPONENT_CATEGORY}.`, '');
    switch (kind) {
      case 'rich-text': {
        // Images of the blocks editor carry the media library's path (/uploads/…): a mail needs the full address.
        const withAbsoluteImages = (nodes: RichTextNode[] | null | undefined) =>
          nodes?.map((node) => (node.type === 'image' && node.image ? { ...node, image: { ...(node.image as object), url: absolute((node.image as { url?: unknown }).url, publicUrl) } } : node)) ?? null;
        return { type: 'rich-text', text: withAbsoluteImages(component.text) ?? [], textEn: withAbsoluteImages(component.textEn) };
      }
      case 'image':
        return {
          type: 'image',
          url: absolute(component.image?.url, publicUrl) ?? '',
          alt: component.alt ?? '',
          altEn: component.altEn,
          caption: component.caption,
          captionEn: component.captionEn,
          link: component.link || null,
        };
      case 'button':
        return { type: 'button', label: component.label ?? '', labelEn: component.labelEn, url: component.url ?? '' };
      case 'upcoming-events':
        return {
          type: 'upcoming-events',
          heading: component.heading,
          headingEn: component.headingEn,
          topics: ((component.topics ?? []) as Array<{ slug: string }>).map((topic) => topic.slug),
          count: Number(component.count ?? 3),
        };
      case 'survey': {
        const survey = component.survey;
        const page = config.surveyPageUrl || `${townWebsite(strapi)}/umfrage.html`;
        return {
          type: 'survey',
          survey: survey ? { slug: survey.slug, title: survey.title, titleEn: survey.titleEn } : null,
          text: component.text,
          textEn: component.textEn,
          url: component.url || (survey ? `${page}?survey=${encodeURIComponent(survey.slug)}` : page),
        };
      }
      default: {
        const source = sources.get(component.__component);
        const entry = component.entry as Record<string, any> | null | undefined;
        if (!source) return { type: 'entry', source: component.__component, entry: null };
        return {
          type: 'entry',
          source: source.uid,
          entry: entry
            ? {
                title: String(entry[source.title] ?? ''),
                summary: source.summary ? (entry[source.summary] ?? null) : null,
                imageUrl: source.image ? (absolute(entry[source.image]?.url, publicUrl) ?? null) : null,
                url: entryUrl(entry, source.url),
              }
            : null,
        };
      }
    }
  });

  const topics = (doc.topics ?? []) as Array<{ id: number; slug: string }>;
  const content = parseNewsletterContent({
    subject: { de: doc.subject ?? '', en: doc.subjectEn || null },
    preheader: { de: doc.preheader || null, en: doc.preheaderEn || null },
    blocks,
    audience: { topics: topics.map((topic) => topic.slug), districts: list(doc.districts), postalCodes: list(doc.postalCodes) },
  });
  return {
    documentId,
    slug: String(doc.slug ?? documentId),
    webArchive: Boolean(doc.webArchive),
    updatedById: doc.updatedBy?.id ?? null,
    editorIds: [...editorIds],
    topicIds: topics.map((topic) => Number(topic.id)),
    content,
  };
}

/**
 * The checked content, or a 400 in Strapi's error shape whose `details.errors[].code` is the stable
 * newsletter problem (contracts' NEWSLETTER_PROBLEMS) where one fits, for the admin to translate.
 */
function parseNewsletterContent(input: Record<string, unknown>): NewsletterContent {
  const result = newsletterContentSchema.safeParse(input);
  if (result.success) return result.data;
  const error = toValidationError(result.error);
  const details = error.details as { errors: Array<{ path: string[]; message: string; code?: string }> };
  // One entry per zod issue (the content schema strips unknown keys, so none is split).
  details.errors = details.errors.map((entry, index) => {
    const issue = result.error.issues[index]!;
    return { ...entry, code: newsletterProblemOf(issue, input) ?? entry.code };
  });
  throw error;
}

function townWebsite(strapi: Strapi): string {
  const config = strapi.config.get('plugin::civic-dialog') as { town: { websiteUrl: string } };
  return config.town.websiteUrl.replace(/\/+$/, '');
}

/**
 * The content as every recipient gets it: the upcoming events looked up once, now. `editors`, when
 * given, collects who last changed each listed event (they may not approve the mail).
 */
export async function freezeContent(strapi: Strapi, content: NewsletterContent, now = new Date(), editors?: Set<number>): Promise<FrozenNewsletter> {
  const config = newsletterConfig(strapi);
  const eventsPage = config.eventsPageUrl || `${townWebsite(strapi)}/veranstaltungen.html`;
  const blocks: FrozenBlock[] = [];
  for (const block of content.blocks) {
    if (block.type !== 'upcoming-events') {
      blocks.push(block);
      continue;
    }
    const topicIds = block.topics.length
      ? ((await strapi.db.query(SUBSCRIPTIONS_UID.topic).findMany({ where: { slug: { $in: block.topics } }, select: ['id'] })) as Array<{ id: number }>).map((t) => t.id)
      : [];
    const rows = (await strapi.db.query(EVENTS_UID.event).findMany({
      where: { eventStatus: 'scheduled', startsAt: { $gt: now }, ...(topicIds.length ? { newsletterTopic: { id: { $in: topicIds } } } : {}) },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      limit: block.count,
      ...(editors ? { populate: { updatedBy: { select: ['id'] } } } : {}),
    })) as any[];
    for (const event of rows) if (editors && event.updatedBy?.id) editors.add(Number(event.updatedBy.id));
    const events: FrozenEvent[] = rows.map((event) => ({
      title: event.title,
      titleEn: event.titleEn,
      startsAt: new Date(event.startsAt).toISOString(),
      timeZone: event.timeZone || 'Europe/Berlin',
      location: event.location,
      url: `${eventsPage}?event=${encodeURIComponent(event.slug)}`,
    }));
    blocks.push({ ...block, events });
  }
  return { subject: content.subject, preheader: content.preheader, blocks };
}
