import type { Strapi } from '../../../kernel/types';
import type { Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';

/** Admin panel: the digest's settings (read-only: they live in the plugin config), its next and its last run. */
const digestAdmin = ({ strapi }: { strapi: Strapi }) => ({
  async overview(ctx: Ctx) {
    ctx.body = await getService(strapi, 'digest').overview();
  },
});

export default digestAdmin;
