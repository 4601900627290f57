// Typed by the German texts, which define the keys (the translations file imports both chunks lazily).
import type de from './alerts.de.js';

/** The English texts of <civic-alerts>. */
const en: typeof de = {
  label: 'Current alerts of the town',
  none: '',
  severity: { info: 'Notice', warning: 'Warning', danger: 'Danger' },
  wholeTown: 'whole town',
  district: (name: string) => `district ${name}`,
  postalCode: (code: string) => `postal code ${code}`,
  area: (text: string) => `Area: ${text}`,
  validUntil: (when: string) => `valid until ${when}`,
  loadError: 'The current alerts could not be loaded.',
};

export default en;
