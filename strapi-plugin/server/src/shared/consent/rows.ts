import { z } from 'zod';
import { CONSENT_ACTIONS, LEGAL_PURPOSES, localeSchema } from '@civic-dialog/contracts';
import { SHARED_TABLE } from '../tables';
import { col, rowsOf, type RowOf } from '../../kernel/db';

/** civic_dialog_consents: the append-only ledger (INV-LEDGER). */
export const consentRows = rowsOf(
  SHARED_TABLE.consent,
  z.object({
    id: col.int,
    profileId: col.int,
    legalTextId: col.intOrNull,
    purpose: z.enum(LEGAL_PURPOSES),
    action: z.enum(CONSENT_ACTIONS),
    /** Topic slugs; a ledger row is read whatever it holds, so anything else reads as none. */
    topics: col.json(z.unknown().transform((value) => (Array.isArray(value) ? value.filter((slug): slug is string => typeof slug === 'string') : []))),
    /** What an event or survey consent was for: `event:<id>`, `survey:<id>` (see ledger ConsentSubjects); null for newsletter consents (their topics say it) and older rows. */
    subject: col.textOrNull,
    sourceUrl: col.textOrNull,
    widget: col.textOrNull,
    ipHash: col.textOrNull,
    userAgent: col.textOrNull,
    createdAt: col.time,
  }),
);
export type ConsentRow = RowOf<typeof consentRows>;

/** civic_dialog_legal_texts: one version of a consent text; frozen once a consent references it (INV-LEDGER). */
export const legalTextRows = rowsOf(
  SHARED_TABLE.legalText,
  z.object({
    id: col.int,
    purpose: z.enum(LEGAL_PURPOSES),
    locale: localeSchema,
    version: col.int,
    title: col.text,
    body: col.text,
  }),
);
export type LegalTextRow = RowOf<typeof legalTextRows>;
