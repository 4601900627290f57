import { z } from 'zod';
import { col, rowsOf, type RowOf } from '../../kernel/db';
import { DIGEST_TABLE } from './tables';

/** civic_dialog_digest_entries: what a week's digest lists (no personal data). */
export const digestEntryRows = rowsOf(
  DIGEST_TABLE.entry,
  z.object({
    id: col.int,
    source: z.enum(['news', 'event', 'survey']),
    sourceDocumentId: col.text,
    topicId: col.int,
    title: col.text,
    titleEn: col.textOrNull,
    slug: col.textOrNull,
    entryDate: col.timeOrNull,
    week: col.text,
    firstSeenAt: col.time,
  }),
);
export type DigestEntryRow = RowOf<typeof digestEntryRows>;

/** civic_dialog_digest_runs: one row per week, claimed by one instance. */
export const digestRunRows = rowsOf(
  DIGEST_TABLE.run,
  z.object({
    id: col.int,
    week: col.text,
    claimedBy: col.textOrNull,
    heartbeatAt: col.timeOrNull,
    startedAt: col.time,
    finishedAt: col.timeOrNull,
    entries: col.intOrNull,
    recipients: col.intOrNull,
  }),
);
export type DigestRunRow = RowOf<typeof digestRunRows>;

/** civic_dialog_digest_deliveries: who got which week's digest (the export's "digests"). */
export const digestDeliveryRows = rowsOf(
  DIGEST_TABLE.delivery,
  z.object({ id: col.int, week: col.text, profileId: col.int, entryCount: col.int, createdAt: col.time }),
);

/** A new entry as its source table hands it to the collection step. */
export const sourceEntries = rowsOf(
  'a digest source',
  z.object({ documentId: col.text, topicId: col.int, title: col.text, titleEn: col.textOrNull, slug: col.textOrNull, entryDate: col.timeOrNull, createdAt: col.timeOrNull }),
);

export const countRows = rowsOf('a digest count', z.object({ total: col.count }));
export const profileIdRows = rowsOf('a digest range', z.object({ lo: col.intOrNull, hi: col.intOrNull }));
