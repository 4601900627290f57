import { smsDoNotContactRequestSchema, type SmsDoNotContactResult } from '@civic-dialog/contracts';
import { z } from 'zod';
import type { Strapi } from '../../../kernel/types';
import { parseWith } from '../../../kernel/http/errors';
import { getService } from '../../../kernel/services';
import type { AdminCtx } from '../../../shared/citizens/audit';

// At most PostgreSQL's integer: a larger id would make the query fail (500).
const profileIdSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
/** Stored when the editor gives no reason. */
const EDITOR_REASON = 'editor';

/** The editors' side of the SMS channel (admin routes, RBAC profiles.update). */
const smsAdmin = ({ strapi }: { strapi: Strapi }) => ({
  /**
   * PUT /civic-dialog/profiles/:id/sms-contact: an editor's "do not contact by SMS", or lifting it;
   * audited in the same transaction. 404 when the profile has no number.
   */
  async doNotContact(ctx: AdminCtx) {
    const { id } = parseWith(profileIdSchema, ctx.params);
    const input = parseWith(smsDoNotContactRequestSchema, ctx.request.body);
    const doNotContact = await strapi.db.transaction(async () => {
      const now = await getService(strapi, 'smsPhones').suppress(id, input.doNotContact ? (input.reason ?? EDITOR_REASON) : null);
      await getService(strapi, 'audit').record(ctx.state.user, input.doNotContact ? 'sms-do-not-contact' : 'sms-contact-allowed', id);
      return now;
    });
    const body: SmsDoNotContactResult = { data: { profileId: id, doNotContact } };
    ctx.body = body;
  },
});

export default smsAdmin;
