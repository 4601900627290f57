import { z } from 'zod';
import { MESSAGE_KINDS, MESSAGE_STATUSES } from '@civic-dialog/contracts';
import { SHARED_TABLE } from '../tables';
import { col, rowsOf, type RowOf } from '../../kernel/db';

/** civic_dialog_messages as the Query Engine reads it (store.ts claims rows with knex and reads only ids). */
export const messageRows = rowsOf(
  SHARED_TABLE.message,
  z.object({
    id: col.int,
    profileId: col.int,
    kind: z.enum(MESSAGE_KINDS),
    status: z.enum(MESSAGE_STATUSES),
    /** '' once the profile is erased. */
    toAddress: col.text,
    locale: col.text,
    subject: col.text,
    /** Template data (never raw tokens); null once erased. */
    data: col.json(z.record(z.string(), z.unknown()).nullable()),
    attempts: col.int,
    error: col.textOrNull,
    dedupeKey: col.textOrNull,
    /** > 0: the priority lane (urgent alerts); null in rows of releases before it. */
    priority: col.intOrNull,
    createdAt: col.time,
    sentAt: col.timeOrNull,
  }),
);
export type MessageRow = RowOf<typeof messageRows>;
