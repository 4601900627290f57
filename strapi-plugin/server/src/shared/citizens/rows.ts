import { z } from 'zod';
import { AUDIT_ACTIONS, PROFILE_STATUSES, localeSchema } from '@civic-dialog/contracts';
import { SHARED_TABLE } from '../tables';
import { col, rowsOf, type RowOf } from '../../kernel/db';

/** civic_dialog_profiles as the code reads it (Query Engine attribute names); one shape for both dialects. */
export const profileRows = rowsOf(
  SHARED_TABLE.profile,
  z.object({
    id: col.int,
    /** null once the profile is erased (the row stays as a tombstone). */
    email: col.textOrNull,
    status: z.enum(PROFILE_STATUSES),
    locale: localeSchema,
    firstName: col.textOrNull,
    postalCode: col.textOrNull,
    district: col.textOrNull,
    attributes: col.json(),
    confirmedAt: col.timeOrNull,
    unsubscribedAt: col.timeOrNull,
    /** The last time a manage link opened the preference center (activity for "inactive for N months"). */
    lastVisitAt: col.timeOrNull,
    createdAt: col.time,
    updatedAt: col.time,
  }),
);
export type ProfileRow = RowOf<typeof profileRows>;

/** civic_dialog_audit_entries. */
export const auditEntryRows = rowsOf(
  SHARED_TABLE.auditEntry,
  z.object({
    id: col.int,
    adminUserId: col.int,
    adminEmail: col.text,
    action: z.enum(AUDIT_ACTIONS),
    profileId: col.intOrNull,
    subject: col.textOrNull,
    createdAt: col.time,
  }),
);
