/** Answering <civic-survey> like a user, shared by the tests and the stories' play functions. */
import { $ } from './form.js';

/** Clicks a radio button or checkbox (input and change events included). */
export function choose(survey: Element, id: string): void {
  $(survey, `#${id}`).click();
}

/** Types into a text, date or email field and leaves it (input, then change). */
export function type(survey: Element, id: string, text: string): void {
  const control = $<HTMLInputElement>(survey, `#${id}`);
  control.value = text;
  control.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  control.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

export function submitSurvey(survey: Element): void {
  $(survey, 'button[type="submit"]').click();
}

/** Every required question of the `spielplatz` survey: Stadtpark, swing and slide, 4 of 5, no children. */
export function answerPlaygroundSurvey(survey: Element): void {
  choose(survey, 'q-ort-0');
  choose(survey, 'q-geraete-0');
  choose(survey, 'q-geraete-1');
  choose(survey, 'q-zufriedenheit-3');
  choose(survey, 'q-kinder-1');
}

/** The `buergerbuero` survey (identified): 10 of 10, email and consent. */
export function answerOfficeSurvey(survey: Element): void {
  choose(survey, 'q-note-9');
  type(survey, 'email', 'anna@example.org');
  choose(survey, 'consent');
}
