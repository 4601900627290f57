import { errors } from '@strapi/utils';
import type { Strapi } from '../../../kernel/types';
import type { Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';
import { entryTypes } from '../entry-fields';

/** A positive whole number from the path, else 400. */
function idOf(ctx: Ctx): number {
  const raw = String((ctx as any).params?.id ?? '');
  const id = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : NaN;
  // Above the databases' integer range PostgreSQL refuses the query (a 500): no such row can exist.
  if (!Number.isSafeInteger(id) || id > 2_147_483_647) {
    throw new errors.ValidationError('id must be a positive whole number', { errors: [{ path: ['id'], message: 'id must be a positive whole number', name: 'ValidationError' }] });
  }
  return id;
}

const automationsAdmin = ({ strapi }: { strapi: Strapi }) => ({
  /** GET /civic-dialog/automations/:id/stats: people per step, sent, exited by reason (counts, no people). */
  async stats(ctx: Ctx) {
    const stats = await getService(strapi, 'automations').stats(idOf(ctx));
    if (!stats) throw new errors.NotFoundError('No such automation');
    ctx.body = stats;
  },

  /** GET /civic-dialog/profiles/:id/automation-timeline: the automations this person is or was in. */
  async timeline(ctx: Ctx) {
    const profileId = idOf(ctx);
    ctx.body = { data: await getService(strapi, 'automations').timeline(profileId) };
  },

  /**
   * GET /civic-dialog/automations/entry-types: the content types of config automations.entryTypes,
   * for the "entry published" trigger's picker (uid and the content type's display name).
   */
  async entryTypes(ctx: Ctx) {
    ctx.body = {
      data: entryTypes(strapi).map(({ uid }) => ({ uid, name: String((strapi.contentType(uid as any) as any)?.info?.displayName ?? uid) })),
    };
  },
});

export default automationsAdmin;
