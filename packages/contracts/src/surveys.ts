/**
 * Surveys (`<civic-survey>`): the question definitions editors write, the public survey view,
 * the answers citizens send, `validateAnswers` (shared by the server and the widget), results and
 * the admin views.
 */
import { z } from 'zod';
import {
  LIMITS,
  SURVEY_LIMITS,
  type SurveyCondition,
  emailSchema,
  localeSchema,
  refineAnswerCapacity,
  tokenSchema,
  type Locale,
  type PublicLegalText,
} from './core';

// ---------------------------------------------------------------------------------------------
// Question definitions (stored as JSON on the survey; editors write them in the admin)

/** Ids of questions and choices: stable keys of answers and CSV columns. */
export const surveyKeySchema = z
  .string()
  .max(SURVEY_LIMITS.idLength)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'must be an id (lower-case letters, digits, - or _)')
  // Answers are keyed by it: `constructor` would find Object.prototype's in every answers object.
  .refine((id) => !(id in Object.prototype), 'is a reserved word');

export const surveySlugSchema = z
  .string()
  .max(128)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a survey slug (lower-case letters, digits, dashes)');

/** German is required, English falls back to German when missing. */
export const localisedTextSchema = z.strictObject({
  de: z.string().trim().min(1).max(SURVEY_LIMITS.labelLength),
  en: z.string().trim().max(SURVEY_LIMITS.labelLength).optional(),
});
export type LocalisedText = z.infer<typeof localisedTextSchema>;

export const SURVEY_QUESTION_TYPES = ['single-choice', 'multiple-choice', 'free-text', 'rating', 'yes-no', 'date'] as const;
export type SurveyQuestionType = (typeof SURVEY_QUESTION_TYPES)[number];

export const surveyChoiceSchema = z.strictObject({ id: surveyKeySchema, label: localisedTextSchema });
export type SurveyChoice = z.infer<typeof surveyChoiceSchema>;

/** A question's condition (see SurveyCondition in rules/survey-answers.ts). */
export const surveyConditionSchema = z.strictObject({
  questionId: surveyKeySchema,
  equals: z.union([surveyKeySchema, z.boolean()]),
}) satisfies z.ZodType<SurveyCondition>;

const questionBase = {
  id: surveyKeySchema,
  label: localisedTextSchema,
  /** A hint under the label. */
  help: localisedTextSchema.optional(),
  required: z.boolean().default(false),
  condition: surveyConditionSchema.optional(),
};

const choices = z.array(surveyChoiceSchema).min(2).max(SURVEY_LIMITS.choicesPerQuestion);
/** YYYY-MM-DD, a real calendar day. */
export const isoDateSchema = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });

export const surveyQuestionSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...questionBase, type: z.literal('single-choice'), choices }),
  z.strictObject({
    ...questionBase,
    type: z.literal('multiple-choice'),
    choices,
    minChoices: z.number().int().min(0).optional(),
    maxChoices: z.number().int().min(1).optional(),
  }),
  z.strictObject({
    ...questionBase,
    type: z.literal('free-text'),
    maxLength: z.number().int().min(1).max(SURVEY_LIMITS.freeTextLength).default(SURVEY_LIMITS.defaultFreeTextLength),
    multiline: z.boolean().default(true),
  }),
  z.strictObject({
    ...questionBase,
    type: z.literal('rating'),
    scale: z.union([z.literal(5), z.literal(10)]),
    lowLabel: localisedTextSchema.optional(),
    highLabel: localisedTextSchema.optional(),
  }),
  z.strictObject({ ...questionBase, type: z.literal('yes-no') }),
  z.strictObject({ ...questionBase, type: z.literal('date'), min: isoDateSchema.optional(), max: isoDateSchema.optional() }),
]);
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

/**
 * The questions of a survey, checked as a whole: unique ids (also per question's choices),
 * conditions point to an earlier choice or yes-no question and one of its answers, sane bounds.
 */
export const surveyDefinitionSchema = z
  .array(surveyQuestionSchema)
  .min(1, 'a survey needs at least one question')
  .max(SURVEY_LIMITS.questions)
  .superRefine((questions, ctx) => {
    const seen = new Map<string, SurveyQuestion>();
    questions.forEach((question, index) => {
      const at = (...path: (string | number)[]) => [index, ...path];
      if (seen.has(question.id)) ctx.addIssue({ code: 'custom', path: at('id'), message: `"${question.id}" is used by two questions` });
      if ('choices' in question) {
        const ids = question.choices.map((choice) => choice.id);
        ids.forEach((id, choiceIndex) => {
          if (ids.indexOf(id) !== choiceIndex) {
            ctx.addIssue({ code: 'custom', path: at('choices', choiceIndex, 'id'), message: `"${id}" is used by two choices` });
          }
        });
      }
      if (question.type === 'multiple-choice') {
        const { minChoices = 0, maxChoices = question.choices.length } = question;
        if (maxChoices > question.choices.length || minChoices > maxChoices) {
          ctx.addIssue({
            code: 'custom',
            path: at('maxChoices'),
            message: `needs 0 ≤ minChoices ≤ maxChoices ≤ ${question.choices.length} (the number of choices)`,
          });
        }
      }
      if (question.type === 'date' && question.min && question.max && question.min > question.max) {
        ctx.addIssue({ code: 'custom', path: at('max'), message: 'must not be before min' });
      }
      if (question.condition) {
        const target = seen.get(question.condition.questionId);
        const { equals } = question.condition;
        if (!target) {
          ctx.addIssue({
            code: 'custom',
            path: at('condition', 'questionId'),
            message: `must name an earlier question (no earlier question "${question.condition.questionId}")`,
          });
        } else if (target.type === 'yes-no') {
          if (typeof equals !== 'boolean') {
            ctx.addIssue({ code: 'custom', path: at('condition', 'equals'), message: 'must be true or false for a yes-no question' });
          }
        } else if (target.type === 'single-choice' || target.type === 'multiple-choice') {
          if (typeof equals !== 'string' || !target.choices.some((choice) => choice.id === equals)) {
            ctx.addIssue({
              code: 'custom',
              path: at('condition', 'equals'),
              message: `must be a choice id of question "${target.id}"`,
            });
          }
        } else {
          ctx.addIssue({
            code: 'custom',
            path: at('condition', 'questionId'),
            message: 'may only refer to a single-choice, multiple-choice or yes-no question',
          });
        }
      }
      seen.set(question.id, question);
    });
  });
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

/** What a save must pass (the server's lifecycle, the admin's builder): the definition, and its largest answers fit into one request. */
export const surveyDefinitionToSaveSchema = surveyDefinitionSchema.superRefine(refineAnswerCapacity);

// ---------------------------------------------------------------------------------------------
// Answers: keyed by question id

/** The shape of `answers` in a request; `validateAnswers` checks them against the questions. */
export const surveyAnswersSchema = z
  .record(
    z.string().max(SURVEY_LIMITS.idLength),
    z.union([
      z.string().max(SURVEY_LIMITS.freeTextLength * 2),
      z.array(z.string().max(SURVEY_LIMITS.idLength)).max(SURVEY_LIMITS.choicesPerQuestion),
      z.number(),
      z.boolean(),
      z.null(),
    ]),
  )
  .refine((answers) => Object.keys(answers).length <= SURVEY_LIMITS.questions, 'has too many answers');


// ---------------------------------------------------------------------------------------------
// Public view of a survey (`GET /surveys/:slug?locale=de`)

export const SURVEY_MODES = ['anonymous', 'identified'] as const;
export type SurveyMode = (typeof SURVEY_MODES)[number];

/** upcoming: before opensAt; open; closed: after closesAt. */
export type SurveyPhase = 'upcoming' | 'open' | 'closed';

type Localised<Q> = Q extends unknown
  ? Omit<Q, 'label' | 'help' | 'choices' | 'lowLabel' | 'highLabel'> & { label: string; help: string | null } &
      (Q extends { choices: unknown } ? { choices: Array<{ id: string; label: string }> } : unknown) &
      (Q extends { type: 'rating' } ? { lowLabel: string | null; highLabel: string | null } : unknown)
  : never;

/** A question in the citizen's language. */
export type PublicSurveyQuestion = Localised<SurveyQuestion>;

export interface PublicSurvey {
  slug: string;
  locale: Locale;
  title: string;
  intro: string | null;
  questions: PublicSurveyQuestion[];
  opensAt: string | null;
  closesAt: string | null;
  phase: SurveyPhase;
  /** phase === 'open': responses are accepted now. */
  open: boolean;
  mode: SurveyMode;
  allowChangingAnswers: boolean;
  thankYou: string | null;
  /** Results are shown at `GET /surveys/:slug/results` once the survey is closed. */
  resultsPublic: boolean;
  /** Identified mode: the consent text (purpose "survey") the citizen agrees to; null when anonymous. */
  legalText: PublicLegalText | null;
}

export interface PublicSurveyResponse {
  data: PublicSurvey;
}

// ---------------------------------------------------------------------------------------------
// Participating

/** `POST /surveys/:slug/participations` (anonymous mode): a one-time token for one response. */
export interface SurveyParticipation {
  data: { participationToken: string; expiresAt: string };
}

/** `POST /surveys/:slug/responses` in anonymous mode → 201 SurveyResponseRecorded. */
export const anonymousSurveyResponseRequestSchema = z.strictObject({
  participationToken: tokenSchema,
  answers: surveyAnswersSchema,
  /** The language of the widget (not stored). */
  locale: localeSchema.optional(),
  widget: z.string().max(64).optional(),
});
export type AnonymousSurveyResponseRequest = z.infer<typeof anonymousSurveyResponseRequestSchema>;

export interface SurveyResponseRecorded {
  data: { status: 'recorded' };
}

/**
 * `POST /surveys/:slug/responses` in identified mode → 202 SurveyResponseAccepted and a
 * confirmation mail; the response counts once the citizen confirms with the link.
 */
export const identifiedSurveyResponseRequestSchema = z.strictObject({
  email: emailSchema,
  answers: surveyAnswersSchema,
  locale: localeSchema,
  /** The version of the survey consent text (purpose "survey") the citizen was shown. */
  legalTextVersion: z.number().int().positive(),
  consent: z.literal(true, { message: 'consent is required' }),
  pageUrl: z.url({ protocol: /^https?$/ }).max(LIMITS.urlLength),
  widget: z.string().max(64).optional(),
  /** Honeypot: humans leave it empty. */
  website: z.string().max(LIMITS.urlLength).optional(),
});
export type IdentifiedSurveyResponseRequest = z.infer<typeof identifiedSurveyResponseRequestSchema>;

export interface SurveyResponseAccepted {
  data: { status: 'accepted' };
}

/** `POST /surveys/confirm` with JSON `{ token }` (the mail link's page posts a form instead). */
export interface SurveyResponseConfirmed {
  data: { status: 'confirmed'; survey: string };
}

// ---------------------------------------------------------------------------------------------
// Results: public (closed + resultsPublic) and admin

export interface SurveyChoiceCount {
  id: string;
  label: string;
  count: number;
}

interface QuestionResultBase {
  id: string;
  label: string;
  /** Confirmed responses that answered this question. */
  answered: number;
}

export type SurveyQuestionResult =
  | (QuestionResultBase & { type: 'single-choice' | 'multiple-choice'; choices: SurveyChoiceCount[] })
  | (QuestionResultBase & { type: 'yes-no'; yes: number; no: number })
  | (QuestionResultBase & {
      type: 'rating';
      scale: 5 | 10;
      lowLabel: string | null;
      highLabel: string | null;
      /** null when nobody answered. */
      mean: number | null;
      /** One entry per value 1…scale, also those nobody chose. */
      distribution: Array<{ value: number; count: number }>;
    })
  | (QuestionResultBase & { type: 'date'; dates: Array<{ date: string; count: number }> })
  /** The texts themselves: `GET /surveys-admin/:id/free-text/:questionId` (never in public results). */
  | (QuestionResultBase & { type: 'free-text' });

export interface SurveyResults {
  survey: { slug: string; title: string; mode: SurveyMode; opensAt: string | null; closesAt: string | null; phase: SurveyPhase };
  locale: Locale;
  /** Confirmed responses (identified: confirmed by mail; anonymous: every stored response). */
  responses: number;
  questions: SurveyQuestionResult[];
}

export interface SurveyResultsResponse {
  data: SurveyResults;
}

// ---------------------------------------------------------------------------------------------
// Admin (editors with plugin::civic-dialog.surveys.read), under /civic-dialog/surveys-admin

export interface SurveyAdminListItem {
  id: number;
  documentId: string;
  slug: string;
  title: string;
  mode: SurveyMode;
  opensAt: string | null;
  closesAt: string | null;
  phase: SurveyPhase;
  resultsPublic: boolean;
  /** Confirmed responses. */
  responses: number;
  /** Identified mode: submitted but not yet confirmed by mail. */
  pending: number;
}

export interface SurveyAdminList {
  results: SurveyAdminListItem[];
}

/** `GET /surveys-admin/:id/results?locale=de` */
export type SurveyAdminResults = SurveyResults & { survey: SurveyResults['survey'] & { id: number } };

export const surveyFreeTextQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(SURVEY_LIMITS.freeTextPageSize),
});
export type SurveyFreeTextQuery = z.infer<typeof surveyFreeTextQuerySchema>;

/** `GET /surveys-admin/:id/free-text/:questionId?page=1`: newest first. */
export interface SurveyFreeTextPage {
  results: Array<{ responseId: number; text: string; createdAt: string }>;
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}
