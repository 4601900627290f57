import {
  AUDIT_ACTIONS,
  CONSENT_ACTIONS,
  EVENT_STATUSES,
  LEGAL_PURPOSES,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  PROFILE_STATUSES,
  REGISTRATION_STATUSES,
  SUBSCRIPTION_STATUSES,
  SURVEY_MODES,
  TIMELINE_TYPES,
  type SurveyPhase,
} from '@civic-dialog/contracts';
import { describe, expect, it } from 'vitest';

import de from './de.json';
import en from './en.json';

const LANGUAGES = { de, en } as Record<string, Record<string, string>>;

describe('admin translations', () => {
  it('every admin string has both a German and an English text', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('every status, action, kind, purpose, audited action and timeline type from the contracts has a label in both languages', () => {
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
      ...TIMELINE_TYPES.map((value) => `timeline.type.${value}`),
    ];
    for (const [language, messages] of Object.entries(LANGUAGES)) {
      const missing = ids.filter((id) => !messages[id]);
      expect(missing, `missing in ${language}.json`).toEqual([]);
    }
  });
});
