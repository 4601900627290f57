import { z } from 'zod';
import {
  auditLogQuerySchema,
  profileListQuerySchema,
  type AuditLog,
  type ProfileActionResult,
  type ProfileDetail360,
  type ProfileList,
} from '@civic-dialog/contracts';
import type { Strapi } from '../types';
import { parseWith } from '../utils/errors';
import type { Ctx } from '../utils/request';
import { getService } from '../utils/services';
import type { AdminUser } from '../services/admin/audit';

const idParamSchema = z.object({ id: z.coerce.number().int().positive() });

type AdminCtx = Ctx & { state: { user: AdminUser } };

/**
 * Admin panel: editors with the plugin's RBAC actions (see routes/admin.ts). Every access to one
 * citizen's personal data is written to the audit log, in the same transaction as the action.
 */
const profiles = ({ strapi }: { strapi: Strapi }) => {
  const audit = () => getService(strapi, 'audit');

  return {
    async find(ctx: Ctx) {
      const query = parseWith(profileListQuerySchema, ctx.query);
      const body: ProfileList = await getService(strapi, 'profiles').list(query);
      ctx.body = body;
    },

    async findOne(ctx: AdminCtx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const body: ProfileDetail360 = await getService(strapi, 'profiles').detail(id);
      await audit().record(ctx.state.user, 'viewed', id);
      ctx.body = body;
    },

    /** GET /profiles/:id/export: the same JSON the citizen downloads. */
    async exportData(ctx: AdminCtx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const document = await strapi.db.transaction(async () => {
        const exported = await getService(strapi, 'gdpr').exportDocument(id);
        await audit().record(ctx.state.user, 'exported', id);
        return exported;
      });
      ctx.set('Content-Disposition', `attachment; filename="civic-dialog-export-${document.exportedAt.slice(0, 10)}.json"`);
      ctx.type = 'application/json';
      ctx.body = document;
    },

    async erase(ctx: AdminCtx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      await strapi.db.transaction(async () => {
        await getService(strapi, 'gdpr').erase(id);
        await audit().record(ctx.state.user, 'erased', id);
      });
      const body: ProfileActionResult = { data: { status: 'erased' } };
      ctx.body = body;
    },

    async resendConfirmation(ctx: AdminCtx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      await strapi.db.transaction(async () => {
        await getService(strapi, 'profiles').resendConfirmation(id);
        await audit().record(ctx.state.user, 'resent-confirmation', id);
      });
      const body: ProfileActionResult = { data: { status: 'resent' } };
      ctx.body = body;
    },

    async auditLog(ctx: Ctx) {
      const body: AuditLog = await audit().list(parseWith(auditLogQuerySchema, ctx.query));
      ctx.body = body;
    },
  };
};

export default profiles;
