/** Entry of the `civic-signup.js` chunk: registers `<civic-signup>` (safe to load twice). */
import { defineElement } from '../shared/define.js';
import { CivicSignup } from './signup.js';

defineElement('civic-signup', CivicSignup);

export { CivicSignup };

declare global {
  interface HTMLElementTagNameMap {
    'civic-signup': CivicSignup;
  }
}
