import { z } from 'zod';
import { profileListQuerySchema, type ProfileDetail, type ProfileList } from '@civic-dialog/contracts';
import type { Strapi } from '../types';
import { parseWith } from '../utils/errors';
import type { Ctx } from '../utils/request';
import { getService } from '../utils/services';

const idParamSchema = z.object({ id: z.coerce.number().int().positive() });

/** Admin panel: editors with plugin::civic-dialog.profiles.read. */
const profiles = ({ strapi }: { strapi: Strapi }) => ({
  async find(ctx: Ctx) {
    const query = parseWith(profileListQuerySchema, ctx.query);
    const body: ProfileList = await getService(strapi, 'profiles').list(query);
    ctx.body = body;
  },

  async findOne(ctx: Ctx) {
    const { id } = parseWith(idParamSchema, ctx.params);
    const body: ProfileDetail = await getService(strapi, 'profiles').detail(id);
    ctx.body = body;
  },
});

export default profiles;
