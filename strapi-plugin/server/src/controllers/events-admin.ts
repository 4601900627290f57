import { z } from 'zod';
import {
  adminRegistrationListQuerySchema,
  registrationCheckInSchema,
  registrationPromoteSchema,
  type AdminEventList,
  type AdminRegistrationList,
  type AdminRegistrationResult,
} from '@civic-dialog/contracts';
import type { Strapi } from '../types';
import { parseWith } from '../utils/errors';
import type { Ctx } from '../utils/request';
import { getService } from '../utils/services';

const idParamSchema = z.object({ id: z.coerce.number().int().positive() });

/** The organiser's registrations page (RBAC events.read / events.manage, see routes/admin.ts). */
const eventsAdmin = ({ strapi }: { strapi: Strapi }) => {
  const service = () => getService(strapi, 'eventsAdmin');

  return {
    async find(ctx: Ctx) {
      const body: AdminEventList = { results: await service().list() };
      ctx.body = body;
    },

    async registrations(ctx: Ctx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const query = parseWith(adminRegistrationListQuerySchema, ctx.query);
      const body: AdminRegistrationList = await service().registrations(id, query);
      ctx.body = body;
    },

    async csv(ctx: Ctx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const { filename, body } = await service().csv(id);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = body;
    },

    async checkIn(ctx: Ctx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const { attended } = parseWith(registrationCheckInSchema, ctx.request.body ?? {});
      const body: AdminRegistrationResult = { data: await service().checkIn(id, attended) };
      ctx.body = body;
    },

    async promote(ctx: Ctx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const { override } = parseWith(registrationPromoteSchema, ctx.request.body ?? {});
      const body: AdminRegistrationResult = { data: await service().promote(id, override) };
      ctx.body = body;
    },
  };
};

export default eventsAdmin;
