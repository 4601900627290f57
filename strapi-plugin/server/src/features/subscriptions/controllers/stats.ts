import type { SubscriberStats } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import type { Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';

const statsController = ({ strapi }: { strapi: Strapi }) => ({
  /** GET /civic-dialog/subscriptions/stats: the admin home page widget's weekly figures. */
  async weekly(ctx: Ctx) {
    const body: SubscriberStats = await getService(strapi, 'subscriptionStats').weekly();
    ctx.body = body;
  },
});

export default statsController;
