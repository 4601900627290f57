import { randomInt } from 'node:crypto';
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
  type SurveyPhase,
  type SurveyQuestion,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { SHARED_UID } from '../../../shared/tables';
import { SURVEYS_UID } from '../tables';
import { ConflictError, fieldError, LinkError } from '../../../kernel/http/errors';
import { isUniqueViolation, retryOnUniqueViolation } from '../../../kernel/db';
import { startOfUtcDay } from '../../../kernel/time';
import { getService } from '../../../kernel/services';
import { enqueueMail, kickOutbox } from '../../../shared/mail/queue';
import { subjectOf, type RequestMeta } from '../../../shared/consent/ledger';
import { profileRows } from '../../../shared/citizens/rows';
import { surveyResponseRows, surveyRows, type SurveyResponseRow, type SurveyRow } from '../rows';

/** What a confirmation link reads of the citizen's profile. */
const linkProfiles = profileRows.pick('id', 'status', 'locale');

/**
 * A random id for an anonymous response or answer row. Negative, so it never meets the ids the
 * database counts up for other rows: ids in the order of submission would line the answers up
 * with the web server's log (and ordering by it shuffles every export).
 */
export function unlinkableId(): number {
  return -randomInt(1, 2 ** 31 - 1);
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
    const survey = surveyRows.one(await strapi.db.query(SURVEYS_UID.survey).findOne({ where: { slug } }));
    if (!survey) throw new errors.NotFoundError(`There is no survey "${slug}".`);
    return survey;
  }

  function requireOpen(survey: SurveyRow) {
    const phase = surveyPhase(survey);
    if (phase === 'upcoming') {
      throw new ConflictError(`The survey "${survey.slug}" is not open yet (it opens at ${survey.opensAt}).`, { reason: 'upcoming' });
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
      code: 'invalid-answer',
    }));
    throw new errors.ValidationError(list.length === 1 ? list[0]!.message : `${list.length} errors occurred`, { errors: list });
  }

  async function insertAnswers(responseId: number, survey: SurveyRow, answers: SurveyAnswers, at: Date, ids?: () => number) {
    const rows = answerRows(responseId, survey.id, definitionOf(survey), answers, at);
    if (rows.length) await strapi.db.query(SURVEYS_UID.surveyAnswer).createMany({ data: ids ? rows.map((row) => ({ ...row, id: ids() })) : rows });
  }

  async function confirmedResponseOf(surveyId: number, profileId: number): Promise<SurveyResponseRow | null> {
    return surveyResponseRows.one(await strapi.db.query(SURVEYS_UID.surveyResponse).findOne({ where: { surveyId, profileId, status: 'confirmed' } }));
  }

  async function pendingOf(raw: unknown, use: 'peek' | 'consume') {
    const claim = await tokens()[use](raw, 'survey-confirm');
    const response = surveyResponseRows.one(await strapi.db.query(SURVEYS_UID.surveyResponse).findOne({ where: { id: Number(claim.payload.responseId) } }));
    // Erased in the meantime, or replaced: the link is dead.
    if (!response || response.status !== 'pending' || response.profileId !== claim.profileId) throw new LinkError('invalid');
    const survey = surveyRows.one(await strapi.db.query(SURVEYS_UID.survey).findOne({ where: { id: response.surveyId } }));
    if (!survey) throw new LinkError('invalid');
    const profile = linkProfiles.one(await strapi.db.query(SHARED_UID.profile).findOne({ where: { id: response.profileId }, select: linkProfiles.select }));
    if (!profile || profile.status === 'erased') throw new LinkError('invalid');
    return { response, survey, profile };
  }

  /** An identified response's work for the address, after the answer: the pending response, the consent, the mail. */
  async function storePendingResponse(
    survey: SurveyRow,
    input: IdentifiedSurveyResponseRequest,
    answers: SurveyAnswers,
    legalTextId: number,
    meta: RequestMeta,
  ): Promise<void> {
    await getService(strapi, 'profileByEmail').inTransaction(input.email, { locale: input.locale }, async (profile, { onCommit }) => {
      const response = surveyResponseRows.existing(
        await strapi.db.query(SURVEYS_UID.surveyResponse).create({ data: { surveyId: survey.id, profileId: profile.id, status: 'pending', pendingAnswers: answers } }),
      );
      await getService(strapi, 'ledger').append(
        {
          profileId: profile.id,
          legalTextId,
          purpose: 'survey',
          action: 'granted',
          topics: [],
          subject: subjectOf('survey', survey.id),
          sourceUrl: input.pageUrl,
          widget: input.widget ?? null,
        },
        meta,
      );
      // Within the cooldown or beyond the mailbox's budget: the response waits, only no mail.
      if (!(await getService(strapi, 'rateLimits').allowMail(input.email, `survey:${survey.id}`))) return;
      await enqueueMail(strapi, {
        profileId: profile.id,
        kind: 'survey-confirm',
        locale: input.locale,
        data: { responseId: response.id, surveyTitle: pick(survey.title, survey.titleEn, input.locale) },
      });
      onCommit(() => kickOutbox(strapi));
    });
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
        opensAt: survey.opensAt,
        closesAt: survey.closesAt,
        phase,
        open: phase === 'open',
        mode: survey.mode,
        allowChangingAnswers: survey.allowChangingAnswers,
        thankYou: pick(survey.thankYou, survey.thankYouEn, locale),
        resultsPublic: survey.resultsPublic,
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
      // Kept to the day (see the tokens' DAY_PRECISION): its row tells nobody when it was taken or used.
      const { token, expiresAt } = await tokens().issueWithExpiry({
        purpose: 'survey-participation',
        profileId: null,
        payload: { surveyId: survey.id },
        ttlSeconds: PARTICIPATION_TTL_SECONDS,
      });
      return { participationToken: token, expiresAt: expiresAt.toISOString() };
    },

    /** Anonymous mode: the token is used up in the same transaction the response is stored in. */
    async respondAnonymously(survey: SurveyRow, input: AnonymousSurveyResponseRequest): Promise<void> {
      requireOpen(survey);
      const answers = checkAnswers(survey, input.answers);
      // A random id that meets another one (rare) runs the whole transaction again with new ones.
      await retryOnUniqueViolation(() =>
        strapi.db.transaction(async () => {
          const claim = await tokens().consume(input.participationToken, 'survey-participation');
          // A token of another survey is as good as none.
          if (Number(claim.payload.surveyId) !== survey.id) throw new LinkError('invalid');
          // Every timestamp Strapi would otherwise set to the exact moment gets the day.
          const at = startOfUtcDay(new Date());
          const id = unlinkableId();
          await strapi.db.query(SURVEYS_UID.surveyResponse).createMany({
            data: [{ id, surveyId: survey.id, profileId: null, status: 'confirmed', confirmedAt: at, createdAt: at, updatedAt: at, publishedAt: at }],
          });
          await insertAnswers(id, survey, answers, at, unlinkableId);
        }),
      );
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
        throw fieldError(['legalTextVersion'], `version ${input.legalTextVersion} of the ${input.locale} survey consent text does not exist`, 'legal-text-outdated');
      }
      if (input.website) return;

      // Whether the address is known decides what happens, so it happens after the answer.
      getService(strapi, 'intake').afterAnswer('survey response', () => storePendingResponse(survey, input, answers, legalText.id, meta));
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
            await strapi.db.query(SURVEYS_UID.surveyAnswer).deleteMany({ where: { responseId: previous.id } });
            await strapi.db.query(SURVEYS_UID.surveyResponse).delete({ where: { id: previous.id } });
          }
          const now = new Date();
          // Questions may have been added since; the stored answers stay valid (only additions are allowed).
          await insertAnswers(response.id, survey, response.pendingAnswers ?? {}, now);
          await strapi.db.query(SURVEYS_UID.surveyResponse).update({
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
              subject: subjectOf('survey', survey.id),
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
