import {
  AUDIT_ACTIONS,
  CONSENT_ACTIONS,
  EVENT_STATUSES,
  LEGAL_PURPOSES,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  NEWSLETTER_STATUSES,
  PROFILE_STATUSES,
  REGISTRATION_STATUSES,
  SUBSCRIPTION_STATUSES,
  SURVEY_MODES,
  TIMELINE_TYPES,
  type SurveyPhase,
} from '@civic-dialog/contracts';
import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';

import { NEWSLETTER_PROBLEMS, NEWSLETTER_REFUSALS } from '../utils/newsletters';
import { KNOWN_ORIGINS } from '../utils/origins';
import de from './de.json';
import en from './en.json';

/** The sections later features add to a profile, with the dated steps their items record. */
const FEATURE_SECTIONS = {
  registrations: ['created', 'confirmed', 'waitlisted', 'cancelled', 'attended'],
  surveyResponses: ['created', 'confirmed'],
  newsletters: ['sent', 'unsubscribed'],
  bounces: ['hard', 'soft', 'complaint', 'unknown', 'suppressed', 'lifted'],
};

const LANGUAGES = { de, en } as Record<string, Record<string, string>>;

describe('admin translations', () => {
  it('every admin string has both a German and an English text', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('every status, action, kind, purpose, audited action, timeline type and step, known origin, newsletter refusal and newsletter problem has a label in both languages', () => {
    const ids = [
      ...PROFILE_STATUSES.map((value) => `profileStatus.${value}`),
      ...SUBSCRIPTION_STATUSES.map((value) => `subscriptionStatus.${value}`),
      ...CONSENT_ACTIONS.map((value) => `consentAction.${value}`),
      ...MESSAGE_STATUSES.map((value) => `messageStatus.${value}`),
      ...MESSAGE_KINDS.map((value) => `messageKind.${value}`),
      ...LEGAL_PURPOSES.map((value) => `purpose.${value}`),
      ...REGISTRATION_STATUSES.map((value) => `registrationStatus.${value}`),
      ...EVENT_STATUSES.map((value) => `eventStatus.${value}`),
      ...SURVEY_MODES.map((value) => `surveyMode.${value}`),
      ...(['upcoming', 'open', 'closed'] satisfies SurveyPhase[]).map((value) => `surveyPhase.${value}`),
      ...AUDIT_ACTIONS.map((value) => `auditAction.${value}`),
      ...NEWSLETTER_STATUSES.map((value) => `newsletterStatus.${value}`),
      ...TIMELINE_TYPES.map((value) => `timeline.type.${value}`),
      ...Object.entries(FEATURE_SECTIONS).flatMap(([section, steps]) => [
        `timeline.type.${section}`,
        ...steps.map((step) => `timeline.action.${section}.${step}`),
      ]),
      ...KNOWN_ORIGINS.map((value) => `origin.${value}`),
      ...[...NEWSLETTER_REFUSALS, 'not-found', 'too-many-tests', 'invalid-emails', 'invalid-schedule', 'other'].map((value) => `newsletter.refused.${value}`),
      ...NEWSLETTER_PROBLEMS.map((value) => `newsletter.problem.${value}`),
    ];
    for (const [language, messages] of Object.entries(LANGUAGES)) {
      const missing = ids.filter((id) => !messages[id]);
      expect(missing, `missing in ${language}.json`).toEqual([]);
    }
  });
});

describe('admin messages as react-intl formats them', () => {
  it('every German and English message is valid ICU and formats', () => {
    for (const messages of [de, en] as Array<Record<string, string>>) {
      const intl = createIntl({ locale: messages === de ? 'de' : 'en', messages, onError: (error) => { throw error; } });
      for (const [id, text] of Object.entries(messages)) {
        // Every `{name` may be an argument; a number fits plural, select-free and simple arguments alike.
        const values = Object.fromEntries([...text.matchAll(/\{\s*(\w+)/g)].map(([, name]) => [name!, 1]));
        expect(() => intl.formatMessage({ id }, values), id).not.toThrow();
      }
    }
  });

  it('counts people in the dashboard summaries with singular and plural', () => {
    const summary = (messages: Record<string, string>, locale: string, signups: number, confirmations: number) =>
      createIntl({ locale, messages }).formatMessage({ id: 'widget.history.signupsSummary' }, { weeks: 12, signups, confirmations });
    expect(summary(de, 'de', 1, 1)).toBe('In den letzten 12 Wochen hat sich 1 Person angemeldet und 1 Person hat ihr Abonnement bestätigt (Personen je Woche).');
    expect(summary(de, 'de', 1200, 0)).toBe('In den letzten 12 Wochen haben sich 1.200 Personen angemeldet und 0 Personen haben ihr Abonnement bestätigt (Personen je Woche).');
    expect(summary(en, 'en', 1, 2)).toBe('In the last 12 weeks 1 person signed up and 2 people confirmed their subscription (people per week).');
  });
});
