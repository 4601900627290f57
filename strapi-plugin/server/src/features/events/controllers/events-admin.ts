import { z } from 'zod';
import {
  adminRegistrationListQuerySchema,
  registrationCheckInSchema,
  registrationPromoteSchema,
  type AdminEventList,
  type AdminRegistration,
  type AdminRegistrationList,
  type AdminRegistrationStateResult,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { parseWith } from '../../../kernel/http/errors';
import type { Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';
import type { AdminCtx } from '../../../shared/citizens/audit';

const idParamSchema = z.object({ id: z.coerce.number().int().positive() });

/** What check-in and promote answer (events.manage): the new state, none of the citizen's data. */
const stateOf = ({ id, seats, status, confirmedAt, attendedAt }: AdminRegistration): AdminRegistrationStateResult['data'] => ({
  id,
  seats,
  status,
  confirmedAt,
  attendedAt,
});

/** The organiser's registrations page (RBAC events.read / events.manage, see routes/admin.ts). */
const eventsAdmin = ({ strapi }: { strapi: Strapi }) => {
  const service = () => getService(strapi, 'eventsAdmin');

  return {
    async find(ctx: Ctx) {
      const body: AdminEventList = { results: await service().list() };
      ctx.body = body;
    },

    async registrations(ctx: AdminCtx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const query = parseWith(adminRegistrationListQuerySchema, ctx.query);
      const body: AdminRegistrationList = await service().registrations(id, query);
      await getService(strapi, 'audit').recordAccess(ctx.state.user, 'listed-registrations', `event ${id}, page ${query.page ?? 1}`);
      ctx.body = body;
    },

    async csv(ctx: AdminCtx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const { filename, body } = await service().csv(id);
      await getService(strapi, 'audit').recordAccess(ctx.state.user, 'downloaded-registrations', `event ${id}`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = body;
    },

    async checkIn(ctx: Ctx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const { attended } = parseWith(registrationCheckInSchema, ctx.request.body ?? {});
      const body: AdminRegistrationStateResult = { data: stateOf(await service().checkIn(id, attended)) };
      ctx.body = body;
    },

    async promote(ctx: Ctx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const { override } = parseWith(registrationPromoteSchema, ctx.request.body ?? {});
      const body: AdminRegistrationStateResult = { data: stateOf(await service().promote(id, override)) };
      ctx.body = body;
    },
  };
};

export default eventsAdmin;
