/** Entry of the `civic-preferences.js` chunk: registers `<civic-preferences>` (safe to load twice). */
import { defineElement } from '../shared/define.js';
import { CivicPreferences } from './preferences.js';

defineElement('civic-preferences', CivicPreferences);

export { CivicPreferences };

declare global {
  interface HTMLElementTagNameMap {
    'civic-preferences': CivicPreferences;
  }
}
