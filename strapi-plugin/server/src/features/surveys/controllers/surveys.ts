import { z } from 'zod';
import {
  anonymousSurveyResponseRequestSchema,
  identifiedSurveyResponseRequestSchema,
  localeQuerySchema,
  surveySlugSchema,
  tokenRequestSchema,
  type Locale,
  type PublicSurveyResponse,
  type SurveyParticipation,
  type SurveyResponseAccepted,
  type SurveyResponseConfirmed,
  type SurveyResponseRecorded,
  type SurveyResultsResponse,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { parseWith } from '../../../kernel/http/errors';
import { validated } from '../../../kernel/http/until-valid';
import { checkSourcePage } from '../../../kernel/http/town-pages';
import { linkPages, linkToken, postedToken, sendLinkPage, successPage } from '../../../kernel/pages/link-pages';
import { SURVEY_PAGE_TEXTS } from '../page-texts';
import { requestMeta, wantsJson, type Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';
import { pick } from '../services/surveys';

const slugParamSchema = z.object({ slug: surveySlugSchema });

/** Public survey routes for `<civic-survey>` and the confirmation link of identified surveys. */
const surveys = ({ strapi }: { strapi: Strapi }) => {
  const service = () => getService(strapi, 'surveys');
  const slugOf = (ctx: Ctx) => parseWith(slugParamSchema, ctx.params).slug;

  const pages = linkPages(strapi, (error, lang) => {
    const t = SURVEY_PAGE_TEXTS[lang];
    const closed = (error.details as { reason?: string }).reason === 'closed';
    return closed ? { title: t.closedTitle, text: t.closedText } : { title: t.alreadyAnsweredTitle, text: t.alreadyAnsweredText };
  });

  return {
    /** GET /surveys/:slug?locale=de */
    async findOne(ctx: Ctx) {
      const slug = slugOf(ctx);
      const { locale } = parseWith(localeQuerySchema, ctx.query);
      const body: PublicSurveyResponse = { data: await service().publicView(slug, locale) };
      ctx.body = body;
    },

    /** GET /surveys/:slug/results?locale=de: only for closed surveys with public results. */
    async results(ctx: Ctx) {
      const slug = slugOf(ctx);
      const { locale } = parseWith(localeQuerySchema, ctx.query);
      const survey = await service().bySlug(slug);
      const body: SurveyResultsResponse = { data: await getService(strapi, 'surveyResults').publicResults(survey, locale) };
      ctx.body = body;
    },

    /** POST /surveys/:slug/participations (anonymous surveys) → 201 with a one-time token. */
    async participate(ctx: Ctx) {
      const slug = slugOf(ctx);
      parseWith(z.strictObject({}), ctx.request.body ?? {});
      await validated(ctx);
      const body: SurveyParticipation = { data: await service().participate(slug) };
      ctx.status = 201;
      ctx.body = body;
    },

    /** POST /surveys/:slug/responses: anonymous → 201 recorded; identified → 202 and a confirmation mail. */
    async respond(ctx: Ctx) {
      const survey = await service().bySlug(slugOf(ctx));
      if (survey.mode === 'anonymous') {
        const input = parseWith(anonymousSurveyResponseRequestSchema, ctx.request.body);
        await validated(ctx);
        await service().respondAnonymously(survey, input);
        const body: SurveyResponseRecorded = { data: { status: 'recorded' } };
        ctx.status = 201;
        ctx.body = body;
        return;
      }
      const input = parseWith(identifiedSurveyResponseRequestSchema, ctx.request.body);
      checkSourcePage(strapi, input.pageUrl, ctx.get('origin'));
      await validated(ctx);
      await service().respondIdentified(survey, input, requestMeta(ctx));
      const body: SurveyResponseAccepted = { data: { status: 'accepted' } };
      ctx.status = 202;
      ctx.body = body;
    },

    /** GET /survey-confirm?token=… → a page with the confirm button (changes nothing). */
    async confirmPage(ctx: Ctx) {
      await pages.send(ctx, async () => {
        const token = linkToken(ctx.query.token);
        const { locale, surveyTitle } = await service().previewConfirm(token);
        const t = SURVEY_PAGE_TEXTS[locale];
        return {
          lang: locale,
          title: t.confirmTitle,
          paragraphs: [t.confirmIntro(surveyTitle), t.confirmHint],
          form: { action: 'survey-confirm', hidden: { token }, button: t.confirmButton },
        };
      });
    },

    /** POST /survey-confirm: JSON `{ token }` → SurveyResponseConfirmed; the page's form → HTML. */
    async confirm(ctx: Ctx) {
      if (wantsJson(ctx)) {
        const { token } = parseWith(tokenRequestSchema, ctx.request.body);
        const { survey } = await service().confirm(token, requestMeta(ctx));
        const body: SurveyResponseConfirmed = { data: { status: 'confirmed', survey: survey.slug } };
        ctx.body = body;
        return;
      }
      // A refusal (already answered, closed) speaks the citizen's language, known only from the link.
      let locale: Locale | undefined;
      try {
        const token = linkToken(postedToken(ctx));
        locale = (await service().previewConfirm(token).catch(() => null))?.locale;
        const outcome = await service().confirm(token, requestMeta(ctx));
        const t = SURVEY_PAGE_TEXTS[outcome.locale];
        const title = pick(outcome.survey.title, outcome.survey.titleEn, outcome.locale)!;
        sendLinkPage(strapi, ctx, 200, successPage(outcome.locale, t.confirmedTitle, outcome.replaced ? t.replacedText(title) : t.confirmedText(title)));
      } catch (error) {
        pages.sendProblem(ctx, error, locale);
      }
    },
  };
};

export default surveys;
