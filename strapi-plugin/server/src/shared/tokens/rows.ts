import { z } from 'zod';
import { SHARED_TABLE } from '../tables';
import { col, rowsOf, type RowOf } from '../../kernel/db';

/** civic_dialog_tokens: hashes only (INV-TOKEN). The purposes are the TokenPurpose union of tokens.ts. */
export const tokenRows = rowsOf(
  SHARED_TABLE.token,
  z.object({
    id: col.int,
    tokenHash: col.text,
    purpose: col.text,
    profileId: col.intOrNull,
    payload: col.json(z.record(z.string(), z.unknown()).nullable()),
    expiresAt: col.timeOrNull,
    usedAt: col.timeOrNull,
    createdAt: col.time,
  }),
);
export type TokenRow = RowOf<typeof tokenRows>;
