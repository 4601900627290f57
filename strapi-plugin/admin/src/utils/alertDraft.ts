import { ALERT_NOT_IN_FUTURE, ALERT_SEVERITIES, ALERT_SHORT_TEXT_MAX, DISTRICT_MESSAGE, NEWSLETTER_HIDDEN_TEXT_MESSAGE, newAlertSchema, type AlertInput } from '@civic-dialog/contracts';

import { toLocalInputValue } from './newsletters';

/**
 * The alert form's model (pages/AlertsPage.tsx): what the editor's form holds, how it becomes the
 * request of POST /civic-dialog/alerts, and the contracts' problems (newAlertSchema, the schema the
 * server checks with) as message ids per field — from the form before saving and from a 400's
 * details after. Pure, so it is unit tested.
 */

export const SEVERITIES = ALERT_SEVERITIES;
export const SHORT_TEXT_MAX = ALERT_SHORT_TEXT_MAX;

export interface AlertDraft {
  shortTextDe: string;
  shortTextEn: string;
  mailTextDe: string;
  mailTextEn: string;
  severity: string;
  wholeTown: boolean;
  districts: string[];
  postalCodes: string[];
  /** As the datetime-local input holds it (the editor's time zone). */
  validUntil: string;
}

export type AlertField = 'shortTextDe' | 'shortTextEn' | 'mailTextDe' | 'mailTextEn' | 'severity' | 'area' | 'validUntil';
/** The fields in the form's order: the first with a problem takes the focus. */
export const ALERT_FIELDS: readonly AlertField[] = ['shortTextDe', 'shortTextEn', 'mailTextDe', 'mailTextEn', 'severity', 'area', 'validUntil'];
/** Message ids (translations `alerts.error.<id>`). */
export type AlertProblem = 'required' | 'tooLong' | 'postalCode' | 'district' | 'hidden' | 'area' | 'date' | 'future' | 'invalid';
export type AlertProblems = Partial<Record<AlertField, AlertProblem>>;

/** A new form: a warning for the whole town, valid for a day. */
export function emptyAlertDraft(now = new Date()): AlertDraft {
  return {
    shortTextDe: '',
    shortTextEn: '',
    mailTextDe: '',
    mailTextEn: '',
    severity: 'warning',
    wholeTown: true,
    districts: [],
    postalCodes: [],
    validUntil: toLocalInputValue(new Date(now.getTime() + 24 * 3_600_000)),
  };
}

const optional = (text: string) => (text.trim() === '' ? undefined : text);

/** The request body; empty optional texts are left out, the time becomes an ISO instant. */
export function alertRequest(draft: AlertDraft): Record<string, unknown> {
  const time = draft.validUntil ? new Date(draft.validUntil) : undefined;
  return {
    shortText: { de: draft.shortTextDe, en: optional(draft.shortTextEn) },
    mailText: { de: optional(draft.mailTextDe), en: optional(draft.mailTextEn) },
    severity: draft.severity,
    area: draft.wholeTown ? { wholeTown: true } : { districts: draft.districts, postalCodes: draft.postalCodes },
    validUntil: time && !Number.isNaN(time.getTime()) ? time.toISOString() : draft.validUntil,
  };
}

/** One problem as zod reports it, or as a 400's `details.errors` lists it (path and message). */
export interface Issue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
}

const FIELD_OF: Record<string, AlertField> = {
  'shortText.de': 'shortTextDe',
  'shortText.en': 'shortTextEn',
  'mailText.de': 'mailTextDe',
  'mailText.en': 'mailTextEn',
  severity: 'severity',
  validUntil: 'validUntil',
};

function problemOf(field: AlertField, issue: Issue): AlertProblem {
  const message = issue.message.toLowerCase();
  if (field === 'validUntil') return message.includes(ALERT_NOT_IN_FUTURE) ? 'future' : 'date';
  if (issue.message.includes(NEWSLETTER_HIDDEN_TEXT_MESSAGE)) return 'hidden';
  if (field === 'area' && issue.message.includes(DISTRICT_MESSAGE)) return 'district';
  if (field === 'area') return issue.path.includes('postalCodes') ? 'postalCode' : issue.path.includes('districts') ? 'tooLong' : 'area';
  if (field === 'severity') return 'required';
  if (issue.code === 'too_big' || /too big|at most|<=/.test(message)) return 'tooLong';
  if (issue.code === 'too_small' || /too small|>=|required/.test(message)) return 'required';
  return 'invalid';
}

/** The problems per field (the first of each), from zod issues or a 400's details. */
export function problemsOf(issues: readonly Issue[]): AlertProblems {
  const problems: AlertProblems = {};
  for (const issue of issues) {
    const path = issue.path.map(String);
    const field: AlertField | undefined = path[0] === 'area' ? 'area' : FIELD_OF[path.slice(0, path[0] === 'shortText' || path[0] === 'mailText' ? 2 : 1).join('.')];
    if (field && !problems[field]) problems[field] = problemOf(field, issue);
  }
  return problems;
}

/** Checks the form with the server's schema: its input when valid, else the problems per field. */
export function checkAlertDraft(draft: AlertDraft): { input: AlertInput; problems?: undefined } | { input?: undefined; problems: AlertProblems } {
  const result = newAlertSchema.safeParse(alertRequest(draft));
  if (result.success) return { input: result.data };
  return { problems: problemsOf(result.error.issues) };
}

/** The first field with a problem, in the form's order. */
export const firstProblemField = (problems: AlertProblems) => ALERT_FIELDS.find((field) => problems[field]);
