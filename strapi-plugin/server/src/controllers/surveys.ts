import { errors } from '@strapi/utils';
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
import type { Strapi } from '../types';
import { ConflictError, LinkError, parseWith } from '../utils/errors';
import { sendLinkPage } from '../utils/link-pages';
import { PAGE_TEXTS } from '../utils/page-texts';
import { SURVEY_PAGE_TEXTS } from '../utils/survey-page-texts';
import { browserLocale, requestMeta, wantsJson, type Ctx } from '../utils/request';
import { getService } from '../utils/services';
import { pick } from '../services/client/surveys';

const slugParamSchema = z.object({ slug: surveySlugSchema });

/** Public survey routes for `<civic-survey>` and the confirmation link of identified surveys. */
const surveys = ({ strapi }: { strapi: Strapi }) => {
  const service = () => getService(strapi, 'surveys');
  const slugOf = (ctx: Ctx) => parseWith(slugParamSchema, ctx.params).slug;

  const sendPage = (ctx: Ctx, status: number, page: Parameters<typeof sendLinkPage>[3]) => sendLinkPage(strapi, ctx, status, page);

  /** Dead links, already answered, closed: a readable page in the browser's language. */
  function sendProblemPage(ctx: Ctx, error: unknown, locale: Locale = browserLocale(ctx)) {
    if (error instanceof LinkError) {
      const [title, text] = PAGE_TEXTS[locale].problems[error.problem];
      return sendPage(ctx, error.status, { lang: locale, title, paragraphs: [text], tone: 'error' });
    }
    if (error instanceof ConflictError) {
      const t = SURVEY_PAGE_TEXTS[locale];
      const closed = (error.details as { reason?: string }).reason === 'closed';
      return sendPage(ctx, 409, {
        lang: locale,
        title: closed ? t.closedTitle : t.alreadyAnsweredTitle,
        paragraphs: [closed ? t.closedText : t.alreadyAnsweredText],
        tone: 'error',
      });
    }
    if (error instanceof errors.ValidationError) {
      const [title, text] = PAGE_TEXTS[locale].problems.invalid;
      return sendPage(ctx, 400, { lang: locale, title, paragraphs: [text], tone: 'error' });
    }
    throw error;
  }

  const tokenFrom = (value: unknown) => parseWith(tokenRequestSchema, { token: value }).token;

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
      const body: SurveyParticipation = { data: await service().participate(slug) };
      ctx.status = 201;
      ctx.body = body;
    },

    /** POST /surveys/:slug/responses: anonymous → 201 recorded; identified → 202 and a confirmation mail. */
    async respond(ctx: Ctx) {
      const survey = await service().bySlug(slugOf(ctx));
      if (survey.mode === 'anonymous') {
        const input = parseWith(anonymousSurveyResponseRequestSchema, ctx.request.body);
        await service().respondAnonymously(survey, input);
        const body: SurveyResponseRecorded = { data: { status: 'recorded' } };
        ctx.status = 201;
        ctx.body = body;
        return;
      }
      const input = parseWith(identifiedSurveyResponseRequestSchema, ctx.request.body);
      await service().respondIdentified(survey, input, requestMeta(ctx));
      const body: SurveyResponseAccepted = { data: { status: 'accepted' } };
      ctx.status = 202;
      ctx.body = body;
    },

    /** GET /survey-confirm?token=… → a page with the confirm button (changes nothing). */
    async confirmPage(ctx: Ctx) {
      try {
        const token = tokenFrom(ctx.query.token);
        const { locale, surveyTitle } = await service().previewConfirm(token);
        const t = SURVEY_PAGE_TEXTS[locale];
        sendPage(ctx, 200, {
          lang: locale,
          title: t.confirmTitle,
          paragraphs: [t.confirmIntro(surveyTitle), t.confirmHint],
          form: { action: 'survey-confirm', hidden: { token }, button: t.confirmButton },
        });
      } catch (error) {
        sendProblemPage(ctx, error);
      }
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
      const raw = (ctx.request.body as Record<string, unknown> | undefined)?.token ?? ctx.query.token;
      let locale: Locale | undefined;
      try {
        const token = tokenFrom(raw);
        locale = (await service().previewConfirm(token).catch(() => null))?.locale;
        const outcome = await service().confirm(token, requestMeta(ctx));
        const t = SURVEY_PAGE_TEXTS[outcome.locale];
        const title = pick(outcome.survey.title, outcome.survey.titleEn, outcome.locale)!;
        sendPage(ctx, 200, {
          lang: outcome.locale,
          title: t.confirmedTitle,
          paragraphs: [outcome.replaced ? t.replacedText(title) : t.confirmedText(title)],
          tone: 'success',
        });
      } catch (error) {
        sendProblemPage(ctx, error, locale);
      }
    },
  };
};

export default surveys;
