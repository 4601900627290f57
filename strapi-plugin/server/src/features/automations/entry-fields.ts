import type { Strapi } from '../../kernel/types';
import { getConfig } from '../../kernel/get-config';

export type EntryType = ReturnType<typeof getConfig>['automations']['entryTypes'][number];

/** The configured content types of the trigger "entry published" (plugin config `automations.entryTypes`). */
export const entryTypes = (strapi: Strapi): EntryType[] => getConfig(strapi).automations?.entryTypes ?? [];

/** The subject of a run started by an entry: `entry:<uid>:<documentId>`. */
export const entrySubject = (uid: string, documentId: string) => `entry:${uid}:${documentId}`;

/** `entry:<uid>:<documentId>` → its parts (the uid holds "::", the document id none). */
export function parseEntrySubject(subject: string): { uid: string; documentId: string } | null {
  if (!subject.startsWith('entry:')) return null;
  const rest = subject.slice('entry:'.length);
  const cut = rest.lastIndexOf(':');
  return cut > 0 ? { uid: rest.slice(0, cut), documentId: rest.slice(cut + 1) } : null;
}

/** The published entry of a document, with its topic (id, slug); null when it is not published. */
export async function publishedEntry(strapi: Strapi, type: EntryType, documentId: string): Promise<{ row: Record<string, unknown>; topic: { id: number; slug: string } | null } | null> {
  const row = (await strapi.db.query(type.uid as any).findOne({
    where: { documentId, publishedAt: { $notNull: true } },
    populate: { [type.topicField]: { select: ['id', 'slug'] } },
  })) as Record<string, any> | null;
  if (!row) return null;
  const topic = row[type.topicField];
  return { row, topic: topic && topic.id ? { id: Number(topic.id), slug: String(topic.slug) } : null };
}

/**
 * The `{{entry.*}}` placeholders of an automation started by an entry (the same in both languages):
 * its title and its link on the town's website (`url` of its configured type, `{field}` filled).
 */
export async function entryFields(strapi: Strapi, subject: string): Promise<Record<string, { de: string; en: string }>> {
  const parsed = parseEntrySubject(subject);
  const type = parsed && entryTypes(strapi).find((candidate) => candidate.uid === parsed.uid);
  if (!parsed || !type) return {};
  const entry = await publishedEntry(strapi, type, parsed.documentId);
  if (!entry) return {};
  const title = String(entry.row[type.titleField] ?? '');
  const url = type.url.replace(/\{(\w+)\}/g, (_match, field: string) => encodeURIComponent(String(entry.row[field] ?? '')));
  return { 'entry.title': { de: title, en: title }, 'entry.url': { de: url, en: url } };
}
