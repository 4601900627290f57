import type { Strapi } from '../../../kernel/types';
import type { Ctx } from '../../../kernel/http/request';
import { getConfig } from '../../../kernel/get-config';
import { getService } from '../../../kernel/services';

/** Admin panel: the retention settings, what the next run deletes per rule, and the last run (counts only). */
const retentionAdmin = ({ strapi }: { strapi: Strapi }) => ({
  async overview(ctx: Ctx) {
    const service = getService(strapi, 'retention');
    const now = new Date();
    const { checkIntervalMs: _interval, batchSize: _batch, ...settings } = getConfig(strapi).retention;
    const cut = service.cutoffsAt(now);
    const last = await service.lastRun();
    ctx.body = {
      settings: { ...settings, confirmationLinkDays: getConfig(strapi).tokens.doiTtlSeconds / 86_400 },
      cutoffs: Object.fromEntries(Object.entries(cut).map(([key, date]) => [key, date.toISOString()])),
      next: await service.preview(now),
      lastRun: last ? { day: last.day, startedAt: last.startedAt, finishedAt: last.finishedAt, counts: last.counts } : null,
    };
  },
});

export default retentionAdmin;
