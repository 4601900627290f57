import { z } from 'zod';
import {
  auditLogQuerySchema,
  localeSchema,
  profileListQuerySchema,
  type AuditLog,
  type ProfileActionResult,
  type ProfileDetail360,
  type ProfileList,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { parseWith } from '../../../kernel/http/errors';
import type { Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';
import type { AdminCtx } from '../../../shared/citizens/audit';

const idParamSchema = z.object({ id: z.coerce.number().int().positive() });
/** The editor's language for the names in a profile (topics); without it, the citizen's. */
const detailQuerySchema = z.object({ locale: localeSchema.optional() });


/**
 * Admin panel: editors with the plugin's RBAC actions (see routes/admin.ts). Every access to one
 * citizen's personal data is written to the audit log, in the same transaction as the action.
 */
const profiles = ({ strapi }: { strapi: Strapi }) => {
  const audit = () => getService(strapi, 'audit');

  return {
    async find(ctx: AdminCtx) {
      const query = parseWith(profileListQuerySchema, ctx.query);
      const body: ProfileList = await getService(strapi, 'profiles').list(query);
      await audit().recordAccess(ctx.state.user, 'listed-profiles', `profiles, page ${query.page ?? 1}`);
      ctx.body = body;
    },

    async findOne(ctx: AdminCtx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const { locale } = parseWith(detailQuerySchema, ctx.query);
      const body: ProfileDetail360 = await getService(strapi, 'profiles').detail(id, locale);
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
