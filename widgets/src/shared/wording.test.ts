/**
 * One wording for the same thing across the widgets: what common.de.ts / common.en.ts say (the
 * email field, "(required)", "(optional)", yes and no, retry, the error summary, …) every widget
 * says in the same words, in German and in English.
 */
import { expect } from '@open-wc/testing';
import commonDe from './common.de.js';
import commonEn from './common.en.js';
import eventsDe from '../event-registration/event-registration.de.js';
import eventsEn from '../event-registration/event-registration.en.js';
import preferencesDe from '../preferences/preferences.de.js';
import preferencesEn from '../preferences/preferences.en.js';
import signupDe from '../signup/signup.de.js';
import signupEn from '../signup/signup.en.js';
import surveyDe from '../survey/survey.de.js';
import surveyEn from '../survey/survey.en.js';

/** Where a widget says a common thing in words of its own on purpose. */
const OWN_WORDS: Record<string, string[]> = {
  // "Your answers are still here": a long survey must not seem lost after a failed submit.
  survey: ['networkError'],
};

/** A text as the reader sees it: functions called with a sample number. */
const said = (text: unknown): string => (typeof text === 'function' ? String(text(3)) : JSON.stringify(text));

type Texts = Record<string, unknown> & { email: string };
const chunks: Record<string, readonly [Texts, Texts]> = {
  'event-registration': [eventsDe, eventsEn],
  preferences: [preferencesDe, preferencesEn],
  signup: [signupDe, signupEn],
  survey: [surveyDe, surveyEn],
};

describe('one wording for the same thing across the widgets', () => {
  for (const [widget, [de, en]] of Object.entries(chunks)) {
    it(`<civic-${widget}> says the common things in the common words`, () => {
      for (const [texts, common] of [[de, commonDe], [en, commonEn]] as const) {
        const differing = Object.keys(common).filter(
          (key) => key in texts && !OWN_WORDS[widget]?.includes(key) && said(texts[key]) !== said((common as Record<string, unknown>)[key]),
        );
        expect(differing).to.deep.equal([]);
      }
    });
  }

  it('names the email field, required and optional fields and the error summary the same in every widget', () => {
    expect([commonDe.email, commonDe.required, commonDe.optional, commonDe.summary(2)]).to.deep.equal(['E-Mail-Adresse', '(Pflichtangabe)', '(optional)', 'Bitte korrigieren Sie 2 Angaben:']);
    expect([commonEn.email, commonEn.required, commonEn.optional, commonEn.summary(2)]).to.deep.equal(['Email address', '(required)', '(optional)', 'Please correct 2 entries:']);
    for (const [, [de, en]] of Object.entries(chunks)) {
      expect([de.email, en.email]).to.deep.equal([commonDe.email, commonEn.email]);
    }
  });
});
