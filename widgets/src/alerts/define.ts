/** Entry of the `civic-alerts.js` chunk: registers `<civic-alerts>` (safe to load twice). */
import { defineElement } from '../shared/define.js';
import { CivicAlerts } from './alerts.js';

defineElement('civic-alerts', CivicAlerts);

export { CivicAlerts };

declare global {
  interface HTMLElementTagNameMap {
    'civic-alerts': CivicAlerts;
  }
}
