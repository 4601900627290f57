import { legalTextQuerySchema, localeQuerySchema, type LegalTextResponse, type TopicList } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { parseWith } from '../../../kernel/http/errors';
import type { Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';

const catalog = ({ strapi }: { strapi: Strapi }) => ({
  /** GET /topics?locale=de */
  async topics(ctx: Ctx) {
    const { locale } = parseWith(localeQuerySchema, ctx.query);
    const body: TopicList = { data: await getService(strapi, 'catalog').publicTopics(locale) };
    ctx.body = body;
  },

  /** GET /legal-texts/current?locale=de&purpose=newsletter */
  async currentLegalText(ctx: Ctx) {
    const { locale, purpose } = parseWith(legalTextQuerySchema, ctx.query);
    const body: LegalTextResponse = { data: await getService(strapi, 'catalog').currentLegalText(purpose, locale) };
    ctx.body = body;
  },
});

export default catalog;
