/**
 * Schemas of the public answers the widgets read, beside the TypeScript types the server and the
 * widgets already use (each schema is checked at compile time to describe exactly its type).
 * The widget tests' fake API checks every answer it gives against them, so a fake cannot drift
 * from the server. Objects are strict: a field the type does not have is a drift too.
 */
import { z } from 'zod';
import {
  CONSENT_ACTIONS,
  PROFILE_STATUSES,
  SUBSCRIPTION_STATUSES,
  legalPurposeSchema,
  localeSchema,
  publicLegalTextSchema,
} from './core';
import type { EventList, EventRegistrationAccepted, EventResponse, PublicEvent } from './events';
import {
  PERSONAL_DATA_EXPORT_FORMAT,
  PROFILE_FIELDS,
  type PersonalDataExport,
  type PreferencesResponse,
  type PreferencesView,
} from './preferences';
import {
  SURVEY_MODES,
  type PublicSurvey,
  type PublicSurveyResponse,
  type SurveyParticipation,
  type SurveyResponseAccepted,
  type SurveyResponseRecorded,
  type SurveyResults,
  type SurveyResultsResponse,
} from './surveys';

/** True when each type is assignable to the other; `Describes<…>` fails to compile otherwise. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Describes<Schema extends z.ZodType, T> = Same<z.output<Schema>, T> extends true ? Schema : never;
const describes = <T>() => <Schema extends z.ZodType>(schema: Schema & Describes<Schema, T>): Schema => schema;

const accepted = <Status extends string>(status: Status) => z.strictObject({ data: z.strictObject({ status: z.literal(status) }) });
const choice = z.strictObject({ id: z.string(), label: z.string() });
const instant = z.string();
/** A rating question's scale and the names of its ends, in the question and in its results. */
const ratingScale = { scale: z.union([z.literal(5), z.literal(10)]), lowLabel: z.string().nullable(), highLabel: z.string().nullable() };

// ---------------------------------------------------------------------------------------------
// Events

const eventQuestionBase = { id: z.string(), label: z.string(), required: z.boolean() };
const publicEventSchema = describes<PublicEvent>()(
  z.strictObject({
    slug: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    startsAt: instant,
    endsAt: instant,
    timeZone: z.string(),
    location: z.string(),
    address: z.string().nullable(),
    capacity: z.number().int().nullable(),
    seatsLeft: z.number().int().nullable(),
    waitingList: z.boolean(),
    registrationOpensAt: instant.nullable(),
    registrationClosesAt: instant.nullable(),
    registrationOpen: z.boolean(),
    maxSeatsPerRegistration: z.number().int().positive(),
    questions: z.array(
      z.discriminatedUnion('type', [
        z.strictObject({ ...eventQuestionBase, type: z.enum(['short-text', 'long-text']), maxLength: z.number().int().positive() }),
        z.strictObject({ ...eventQuestionBase, type: z.enum(['single-choice', 'multiple-choice']), choices: z.array(choice) }),
        z.strictObject({ ...eventQuestionBase, type: z.literal('yes-no') }),
      ]),
    ),
    newsletterTopic: z.strictObject({ slug: z.string(), name: z.string() }).nullable(),
    legalText: publicLegalTextSchema.strict().nullable(),
    newsletterLegalText: publicLegalTextSchema.strict().nullable(),
  }),
);
export const eventListSchema = describes<EventList>()(z.strictObject({ data: z.array(publicEventSchema) }));
export const eventResponseSchema = describes<EventResponse>()(z.strictObject({ data: publicEventSchema }));
export const eventRegistrationAcceptedSchema = describes<EventRegistrationAccepted>()(accepted('accepted'));

// ---------------------------------------------------------------------------------------------
// Surveys

const surveyPhase = z.enum(['upcoming', 'open', 'closed']);
const surveyQuestionBase = {
  id: z.string(),
  label: z.string(),
  help: z.string().nullable(),
  required: z.boolean(),
  condition: z.strictObject({ questionId: z.string(), equals: z.union([z.string(), z.boolean()]) }).optional(),
};
const publicSurveySchema = describes<PublicSurvey>()(
  z.strictObject({
    slug: z.string(),
    locale: localeSchema,
    title: z.string(),
    intro: z.string().nullable(),
    questions: z.array(
      z.discriminatedUnion('type', [
        z.strictObject({ ...surveyQuestionBase, type: z.literal('single-choice'), choices: z.array(choice) }),
        z.strictObject({
          ...surveyQuestionBase,
          type: z.literal('multiple-choice'),
          choices: z.array(choice),
          minChoices: z.number().int().optional(),
          maxChoices: z.number().int().optional(),
        }),
        z.strictObject({ ...surveyQuestionBase, type: z.literal('free-text'), maxLength: z.number().int(), multiline: z.boolean() }),
        z.strictObject({
          ...surveyQuestionBase,
          type: z.literal('rating'),
          ...ratingScale,
        }),
        z.strictObject({ ...surveyQuestionBase, type: z.literal('yes-no') }),
        z.strictObject({ ...surveyQuestionBase, type: z.literal('date'), min: z.string().optional(), max: z.string().optional() }),
      ]),
    ),
    opensAt: instant.nullable(),
    closesAt: instant.nullable(),
    phase: surveyPhase,
    open: z.boolean(),
    mode: z.enum(SURVEY_MODES),
    allowChangingAnswers: z.boolean(),
    thankYou: z.string().nullable(),
    resultsPublic: z.boolean(),
    legalText: publicLegalTextSchema.strict().nullable(),
  }),
);
export const publicSurveyResponseSchema = describes<PublicSurveyResponse>()(z.strictObject({ data: publicSurveySchema }));
export const surveyParticipationSchema = describes<SurveyParticipation>()(
  z.strictObject({ data: z.strictObject({ participationToken: z.string(), expiresAt: instant }) }),
);
export const surveyResponseRecordedSchema = describes<SurveyResponseRecorded>()(accepted('recorded'));
export const surveyResponseAcceptedSchema = describes<SurveyResponseAccepted>()(accepted('accepted'));

const resultBase = { id: z.string(), label: z.string(), answered: z.number().int() };
const count = z.number().int().nonnegative();
const surveyResultsSchema = describes<SurveyResults>()(
  z.strictObject({
    survey: z.strictObject({
      slug: z.string(),
      title: z.string(),
      mode: z.enum(SURVEY_MODES),
      opensAt: instant.nullable(),
      closesAt: instant.nullable(),
      phase: surveyPhase,
    }),
    locale: localeSchema,
    responses: count,
    questions: z.array(
      z.discriminatedUnion('type', [
        z.strictObject({ ...resultBase, type: z.enum(['single-choice', 'multiple-choice']), choices: z.array(z.strictObject({ id: z.string(), label: z.string(), count })) }),
        z.strictObject({ ...resultBase, type: z.literal('yes-no'), yes: count, no: count }),
        z.strictObject({
          ...resultBase,
          type: z.literal('rating'),
          ...ratingScale,
          mean: z.number().nullable(),
          distribution: z.array(z.strictObject({ value: z.number().int(), count })),
        }),
        z.strictObject({ ...resultBase, type: z.literal('date'), dates: z.array(z.strictObject({ date: z.string(), count })) }),
        z.strictObject({ ...resultBase, type: z.literal('free-text') }),
      ]),
    ),
  }),
);
export const surveyResultsResponseSchema = describes<SurveyResultsResponse>()(z.strictObject({ data: surveyResultsSchema }));

// ---------------------------------------------------------------------------------------------
// Preference center

const preferencesViewSchema = describes<PreferencesView>()(
  z.strictObject({
    profile: z.strictObject({
      email: z.string(),
      firstName: z.string().nullable(),
      postalCode: z.string().nullable(),
      district: z.string().nullable(),
      locale: localeSchema,
      status: z.enum(PROFILE_STATUSES),
    }),
    askedFields: z.array(z.enum(PROFILE_FIELDS)),
    topics: z.array(
      z.strictObject({ slug: z.string(), name: z.string(), description: z.string().nullable(), status: z.enum(SUBSCRIPTION_STATUSES).nullable() }),
    ),
    legalText: publicLegalTextSchema.strict().nullable(),
    consents: z.array(
      z.strictObject({
        action: z.enum(CONSENT_ACTIONS),
        purpose: legalPurposeSchema,
        createdAt: instant,
        legalText: z.strictObject({ title: z.string(), version: z.number().int(), locale: localeSchema }).nullable(),
        topics: z.array(z.string()),
        subject: z.string().nullable(),
        sourceUrl: z.string().nullable(),
      }),
    ),
  }),
);
export const preferencesResponseSchema = describes<PreferencesResponse>()(z.strictObject({ data: preferencesViewSchema }));
export const personalDataExportSchema = describes<PersonalDataExport>()(
  z.strictObject({ exportedAt: instant, format: z.literal(PERSONAL_DATA_EXPORT_FORMAT), sections: z.record(z.string(), z.unknown()) }),
);
