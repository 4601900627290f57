import { errors } from '@strapi/utils';
import {
  surveyDefinitionSchema,
  validateAnswers,
  type AnonymousSurveyResponseRequest,
  type IdentifiedSurveyResponseRequest,
  type Locale,
  type LocalisedText,
  type PublicSurvey,
  type PublicSurveyQuestion,
  type SurveyAnswers,
  type SurveyDefinition,
  type SurveyMode,
  type SurveyPhase,
  type SurveyQuestion,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { ConflictError, fieldError, LinkError } from '../../utils/errors';
import { isUniqueViolation } from '../../utils/db';
import { toIso } from '../../utils/time';
import { enqueueMail, getService, kickOutbox } from '../../utils/services';
import type { RequestMeta } from '../common/ledger';
import type { ProfileRow } from '../common/profile-by-email';

export interface SurveyRow {
  id: number;
  documentId: string;
  slug: string;
  title: string;
  titleEn: string | null;
  intro: string | null;
  introEn: string | null;
  questions: unknown;
  opensAt: string | null;
  closesAt: string | null;
  mode: SurveyMode;
  allowChangingAnswers: boolean;
  resultsPublic: boolean;
  thankYou: string | null;
  thankYouEn: string | null;
}

interface ResponseRow {
  id: number;
  surveyId: number;
  profileId: number | null;
  status: 'pending' | 'confirmed';
  pendingAnswers: SurveyAnswers | null;
  createdAt: string;
  confirmedAt: string | null;
}

/** Anonymous responses keep only the hour they came in: no exact time to match against logs. */
export function coarseTime(date: Date): Date {
  const hour = new Date(date);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}

export const localised = (text: LocalisedText | undefined, locale: Locale): string | null =>
  text ? (locale === 'en' ? text.en || text.de : text.de) : null;

export const pick = (de: string | null, en: string | null, locale: Locale): string | null =>
  (locale === 'en' ? en || de : de) || null;

export function surveyPhase(survey: Pick<SurveyRow, 'opensAt' | 'closesAt'>, now = new Date()): SurveyPhase {
  if (survey.opensAt && now.getTime() < new Date(survey.opensAt).getTime()) return 'upcoming';
  if (survey.closesAt && now.getTime() >= new Date(survey.closesAt).getTime()) return 'closed';
  return 'open';
}

/** The questions of a stored survey (validated on save; parsed again so defaults are applied). */
export function definitionOf(survey: SurveyRow): SurveyDefinition {
  return surveyDefinitionSchema.parse(survey.questions);
}

export function localiseQuestion(question: SurveyQuestion, locale: Locale): PublicSurveyQuestion {
  const base = { ...question, label: localised(question.label, locale)!, help: localised(question.help, locale) };
  if ('choices' in question) {
    return { ...base, choices: question.choices.map((choice) => ({ id: choice.id, label: localised(choice.label, locale)! })) } as PublicSurveyQuestion;
  }
  if (question.type === 'rating') {
    return { ...base, lowLabel: localised(question.lowLabel, locale), highLabel: localised(question.highLabel, locale) } as PublicSurveyQuestion;
  }
  return base as PublicSurveyQuestion;
}

const ALREADY_ANSWERED = 'You have already taken part in this survey; your first answers count.';

/** How long an anonymous participation token works: one sitting, with room for a break. */
const PARTICIPATION_TTL_SECONDS = 24 * 3600;

/**
 * The answer rows of one response, set-based: one row per chosen choice, else one per answered
 * question, in the column its type aggregates by.
 */
export interface AnswerRowInput {
  responseId: number;
  surveyId: number;
  questionId: string;
  choiceId: string | null;
  numberValue: number | null;
  textValue: string | null;
  dateValue: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date;
}

export function answerRows(responseId: number, surveyId: number, definition: SurveyDefinition, answers: SurveyAnswers, at: Date): AnswerRowInput[] {
  const types = new Map(definition.map((question) => [question.id, question.type]));
  return Object.entries(answers).flatMap(([questionId, value]): AnswerRowInput[] => {
    const row: AnswerRowInput = {
      responseId,
      surveyId,
      questionId,
      choiceId: null,
      numberValue: null,
      textValue: null,
      dateValue: null,
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
    };
    switch (types.get(questionId)) {
      case 'multiple-choice':
        // Plus one row without a choice that counts the response (and how many it chose), so
        // "answered" is a plain count in the same GROUP BY instead of a COUNT(DISTINCT).
        return [...(value as string[]).map((choiceId) => ({ ...row, choiceId })), { ...row, numberValue: (value as string[]).length }];
      case 'single-choice':
        return [{ ...row, choiceId: value as string }];
      case 'yes-no':
        return [{ ...row, numberValue: value ? 1 : 0 }];
      case 'rating':
        return [{ ...row, numberValue: value as number }];
      case 'date':
        return [{ ...row, dateValue: value as string }];
      case 'free-text':
        return [{ ...row, textValue: value as string }];
      default:
        return [];
    }
  });
}

/**
 * Citizens taking part in surveys. Anonymous: a one-time participation token, then one response
 * with no link to anyone. Identified: the answers wait as a pending response until the citizen
 * confirms by mail; one confirmed response per person and survey.
 */
const surveys = ({ strapi }: { strapi: Strapi }) => {
  const tokens = () => getService(strapi, 'tokens');

  async function bySlug(slug: string): Promise<SurveyRow> {
    const survey = (await strapi.db.query(UID.survey).findOne({ where: { slug } })) as SurveyRow | null;
    if (!survey) throw new errors.NotFoundError(`There is no survey "${slug}".`);
    return survey;
  }

  function requireOpen(survey: SurveyRow) {
    const phase = surveyPhase(survey);
    if (phase === 'upcoming') {
      throw new ConflictError(`The survey "${survey.slug}" is not open yet (it opens at ${toIso(survey.opensAt)}).`, { reason: 'upcoming' });
    }
    if (phase === 'closed') throw new ConflictError(`The survey "${survey.slug}" is closed.`, { reason: 'closed' });
  }

  /** Answers checked against the questions; every problem is a details.errors entry under answers.<id>. */
  function checkAnswers(survey: SurveyRow, answers: Record<string, unknown>): SurveyAnswers {
    const result = validateAnswers(definitionOf(survey), answers);
    if (result.ok) return result.answers;
    const list = result.issues.map((issue) => ({
      path: ['answers', issue.questionId],
      message: `answers.${issue.questionId} ${issue.message}`,
      name: 'ValidationError',
      problem: issue.problem,
    }));
    throw new errors.ValidationError(list.length === 1 ? list[0]!.message : `${list.length} errors occurred`, { errors: list });
  }

  async function insertAnswers(responseId: number, survey: SurveyRow, answers: SurveyAnswers, at: Date) {
    const rows = answerRows(responseId, survey.id, definitionOf(survey), answers, at);
    if (rows.length) await strapi.db.query(UID.surveyAnswer).createMany({ data: rows });
  }

  async function confirmedResponseOf(surveyId: number, profileId: number): Promise<ResponseRow | null> {
    return (await strapi.db.query(UID.surveyResponse).findOne({
      where: { surveyId, profileId, status: 'confirmed' },
    })) as ResponseRow | null;
  }

  async function pendingOf(raw: unknown, use: 'peek' | 'consume') {
    const claim = await tokens()[use](raw, 'survey-confirm');
    const response = (await strapi.db.query(UID.surveyResponse).findOne({
      where: { id: Number(claim.payload.responseId) },
    })) as ResponseRow | null;
    // Erased in the meantime, or replaced: the link is dead.
    if (!response || response.status !== 'pending' || response.profileId !== claim.profileId) throw new LinkError('invalid');
    const survey = (await strapi.db.query(UID.survey).findOne({ where: { id: response.surveyId } })) as SurveyRow | null;
    if (!survey) throw new LinkError('invalid');
    const profile = (await strapi.db.query(UID.profile).findOne({ where: { id: response.profileId } })) as ProfileRow | null;
    if (!profile || profile.status === 'erased') throw new LinkError('invalid');
    return { response, survey, profile };
  }

  return {
    bySlug,

    async publicView(slug: string, locale: Locale): Promise<PublicSurvey> {
      const survey = await bySlug(slug);
      const phase = surveyPhase(survey);
      const legalText =
        survey.mode === 'identified' ? await getService(strapi, 'catalog').currentLegalText('survey', locale) : null;
      return {
        slug: survey.slug,
        locale,
        title: pick(survey.title, survey.titleEn, locale)!,
        intro: pick(survey.intro, survey.introEn, locale),
        questions: definitionOf(survey).map((question) => localiseQuestion(question, locale)),
        opensAt: toIso(survey.opensAt),
        closesAt: toIso(survey.closesAt),
        phase,
        open: phase === 'open',
        mode: survey.mode,
        allowChangingAnswers: Boolean(survey.allowChangingAnswers),
        thankYou: pick(survey.thankYou, survey.thankYouEn, locale),
        resultsPublic: Boolean(survey.resultsPublic),
        legalText,
      };
    },

    /** Anonymous mode: a one-time token for one response; linked to nobody (the IP only feeds the rate limit). */
    async participate(slug: string): Promise<{ participationToken: string; expiresAt: string }> {
      const survey = await bySlug(slug);
      if (survey.mode !== 'anonymous') {
        throw new errors.ValidationError(`The survey "${slug}" is identified: answer with your email address instead.`);
      }
      requireOpen(survey);
      const participationToken = await tokens().issue({
        purpose: 'survey-participation',
        profileId: null,
        payload: { surveyId: survey.id },
        ttlSeconds: PARTICIPATION_TTL_SECONDS,
      });
      return { participationToken, expiresAt: new Date(Date.now() + PARTICIPATION_TTL_SECONDS * 1000).toISOString() };
    },

    /** Anonymous mode: the token is used up in the same transaction the response is stored in. */
    async respondAnonymously(survey: SurveyRow, input: AnonymousSurveyResponseRequest): Promise<void> {
      requireOpen(survey);
      const answers = checkAnswers(survey, input.answers);
      await strapi.db.transaction(async () => {
        const claim = await tokens().consume(input.participationToken, 'survey-participation');
        // A token of another survey is as good as none.
        if (Number(claim.payload.surveyId) !== survey.id) throw new LinkError('invalid');
        const at = coarseTime(new Date());
        const response = (await strapi.db.query(UID.surveyResponse).create({
          // Every timestamp Strapi would otherwise set to the exact moment gets the hour.
          data: { surveyId: survey.id, profileId: null, status: 'confirmed', confirmedAt: at, createdAt: at, updatedAt: at, publishedAt: at },
        })) as ResponseRow;
        await insertAnswers(response.id, survey, answers, at);
      });
    },

    /**
     * Identified mode: stores the answers as a pending response and mails a confirmation link. The
     * answer is the same 202 whether or not this address has answered before (invariant 2): a second
     * response is refused (or replaces the first) only when the citizen confirms it.
     */
    async respondIdentified(survey: SurveyRow, input: IdentifiedSurveyResponseRequest, meta: RequestMeta): Promise<void> {
      requireOpen(survey);
      const answers = checkAnswers(survey, input.answers);
      const legalText = await getService(strapi, 'catalog').legalText('survey', input.locale, input.legalTextVersion);
      if (!legalText) {
        throw fieldError(['legalTextVersion'], `version ${input.legalTextVersion} of the ${input.locale} survey consent text does not exist`);
      }
      if (input.website) return;

      await getService(strapi, 'profileByEmail').inTransaction(input.email, { locale: input.locale }, async (profile, { onCommit }) => {
        const response = (await strapi.db.query(UID.surveyResponse).create({
          data: { surveyId: survey.id, profileId: profile.id, status: 'pending', pendingAnswers: answers },
        })) as ResponseRow;
        await getService(strapi, 'ledger').append(
          {
            profileId: profile.id,
            legalTextId: legalText.id,
            purpose: 'survey',
            action: 'granted',
            topics: [],
            sourceUrl: input.pageUrl,
            widget: input.widget ?? null,
          },
          meta,
        );
        await enqueueMail(strapi, {
          profileId: profile.id,
          kind: 'survey-confirm',
          locale: input.locale,
          data: { responseId: response.id, surveyTitle: pick(survey.title, survey.titleEn, input.locale) },
        });
        onCommit(() => kickOutbox(strapi));
      });
    },

    /** For the GET confirm page: checks the link without using it. */
    async previewConfirm(raw: unknown): Promise<{ locale: Locale; surveyTitle: string }> {
      const { survey, profile } = await pendingOf(raw, 'peek');
      return { locale: profile.locale, surveyTitle: pick(survey.title, survey.titleEn, profile.locale)! };
    },

    /**
     * Confirms a pending response: its answers become counted answer rows. A person who already has a
     * confirmed response gets 409 unless the survey allows changing answers (then the new replaces it).
     */
    async confirm(raw: unknown, meta: RequestMeta): Promise<{ locale: Locale; survey: SurveyRow; replaced: boolean }> {
      try {
        return await strapi.db.transaction(async () => {
          const { response, survey, profile } = await pendingOf(raw, 'consume');
          if (surveyPhase(survey) === 'closed') throw new ConflictError('The survey has closed in the meantime; your answers were not counted.', { reason: 'closed' });
          const previous = await confirmedResponseOf(survey.id, profile.id);
          if (previous && !survey.allowChangingAnswers) {
            throw new ConflictError(ALREADY_ANSWERED, { reason: 'already-answered' });
          }
          if (previous) {
            await strapi.db.query(UID.surveyAnswer).deleteMany({ where: { responseId: previous.id } });
            await strapi.db.query(UID.surveyResponse).delete({ where: { id: previous.id } });
          }
          const now = new Date();
          // Questions may have been added since; the stored answers stay valid (only additions are allowed).
          await insertAnswers(response.id, survey, response.pendingAnswers ?? {}, now);
          await strapi.db.query(UID.surveyResponse).update({
            where: { id: response.id },
            data: { status: 'confirmed', confirmedAt: now, pendingAnswers: null },
          });
          const granted = await getService(strapi, 'ledger').latest(profile.id, 'survey');
          await getService(strapi, 'ledger').append(
            {
              profileId: profile.id,
              legalTextId: granted?.legalTextId ?? null,
              purpose: 'survey',
              action: 'confirmed',
              topics: [],
              sourceUrl: granted?.sourceUrl ?? null,
              widget: 'mail-link',
            },
            meta,
          );
          return { locale: profile.locale, survey, replaced: Boolean(previous) };
        });
      } catch (error) {
        // Two links of one person confirmed at the same moment: the unique index lets one win.
        if (isUniqueViolation(error)) {
          throw new ConflictError(ALREADY_ANSWERED, { reason: 'already-answered' });
        }
        throw error;
      }
    },
  };
};

export default surveys;
export type SurveysService = ReturnType<typeof surveys>;
