/** Entry of the `civic-survey.js` chunk: registers `<civic-survey>` (safe to load twice). */
import { defineElement } from '../shared/define.js';
import { CivicSurvey } from './survey.js';

defineElement('civic-survey', CivicSurvey);

export { CivicSurvey };

declare global {
  interface HTMLElementTagNameMap {
    'civic-survey': CivicSurvey;
  }
}
