import { z } from 'zod';
import {
  localeQuerySchema,
  surveyFreeTextQuerySchema,
  surveyKeySchema,
  type SurveyAdminList,
  type SurveyAdminResults,
  type SurveyFreeTextPage,
} from '@civic-dialog/contracts';
import type { Strapi } from '../types';
import { parseWith } from '../utils/errors';
import type { Ctx } from '../utils/request';
import { getService } from '../utils/services';

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

    async freeText(ctx: Ctx) {
      const { id, questionId } = parseWith(freeTextParamSchema, ctx.params);
      const query = parseWith(surveyFreeTextQuerySchema, ctx.query);
      const body: SurveyFreeTextPage = await service().freeText(id, questionId, query);
      ctx.body = body;
    },

    /** CSV download: UTF-8 with BOM, one row per confirmed response. */
    async csv(ctx: Ctx) {
      const { id } = parseWith(idParamSchema, ctx.params);
      const { locale } = parseWith(localeQuerySchema, ctx.query);
      const { filename, stream } = await service().csv(id, locale);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = stream;
    },
  };
};

export default surveysAdmin;
