/** Entry of the `civic-event-registration.js` chunk: registers `<civic-event-registration>` (safe to load twice). */
import { defineElement } from '../shared/define.js';
import { CivicEventRegistration } from './event-registration.js';

defineElement('civic-event-registration', CivicEventRegistration);

export { CivicEventRegistration };

declare global {
  interface HTMLElementTagNameMap {
    'civic-event-registration': CivicEventRegistration;
  }
}
