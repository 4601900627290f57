import { z } from 'zod';
import {
  localeQuerySchema,
  surveyFreeTextQuerySchema,
  surveyKeySchema,
  type SurveyAdminList,
  type SurveyAdminResults,
  type SurveyFreeTextPage,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { parseWith } from '../../../kernel/http/errors';
import type { Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';
import type { AdminCtx } from '../../../shared/citizens/audit';

const idParamSchema = z.object({ id: z.coerce.number().int().positive() });
const freeTextParamSchema = idParamSchema.extend({ questionId: surveyKeySchema });

/** Admin panel: survey results for editors with plugin::civic-dialog.surveys.read. */
const surveysAdmin = ({ strapi }: { strapi: Strapi }) => {
  const service = () => getService(strapi, 'surveyResults');

  return {
    async find(ctx: Ctx) {
      const body: SurveyAdminList = await service().list();
      ctx.body = body;
    },

    async results(ctx: Ctx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const { locale } = parseWith(localeQuerySchema, ctx.query);
      const body: SurveyAdminResults = await service().adminResults(id, locale);
      ctx.body = body;
    },

    async freeText(ctx: AdminCtx) {
      const { id, questionId } = parseWith(freeTextParamSchema, ctx.params);
      const query = parseWith(surveyFreeTextQuerySchema, ctx.query);
      const body: SurveyFreeTextPage = await service().freeText(id, questionId, query);
      // Free texts may hold anything a citizen wrote about themselves: who read them is logged.
      await getService(strapi, 'audit').recordAccess(ctx.state.user, 'viewed-free-texts', `survey ${id}, question ${questionId}, page ${query.page}`);
      ctx.body = body;
    },

    /** CSV download: UTF-8 with BOM, one row per confirmed response. */
    async csv(ctx: AdminCtx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const { locale } = parseWith(localeQuerySchema, ctx.query);
      const { filename, stream } = await service().csv(id, locale);
      await getService(strapi, 'audit').recordAccess(ctx.state.user, 'downloaded-survey-responses', `survey ${id}`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = stream;
    },
  };
};

export default surveysAdmin;
