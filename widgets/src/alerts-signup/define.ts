/** Entry of the `civic-alerts-signup.js` chunk: registers `<civic-alerts-signup>` (safe to load twice). */
import { defineElement } from '../shared/define.js';
import { CivicAlertsSignup } from './alerts-signup.js';

defineElement('civic-alerts-signup', CivicAlertsSignup);

export { CivicAlertsSignup };

declare global {
  interface HTMLElementTagNameMap {
    'civic-alerts-signup': CivicAlertsSignup;
  }
}
