/** Filling the <civic-event-registration> form, shared by its tests and stories. */
import { $ } from './form.js';

export interface RegistrationEntries {
  email?: string;
  firstName?: string;
  lastName?: string;
  seats?: string;
  /** By question id: text, a choice id (single choice), choice ids (multiple) or yes/no. */
  answers?: Record<string, string | string[] | boolean>;
  consent?: boolean;
  newsletter?: boolean;
}

/** Fills the open form like a user would (input events included; choices are clicked). */
export function fillRegistration(host: Element, entries: RegistrationEntries): void {
  const root = host.shadowRoot!;
  const type = (selector: string, value: string) => {
    const input = $<HTMLInputElement | HTMLTextAreaElement>(host, selector);
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  };
  const check = (selector: string, checked = true) => {
    const box = $<HTMLInputElement>(host, selector);
    if (box.checked !== checked) box.click();
  };
  if (entries.email !== undefined) type('#email', entries.email);
  if (entries.firstName !== undefined) type('#firstName', entries.firstName);
  if (entries.lastName !== undefined) type('#lastName', entries.lastName);
  if (entries.seats !== undefined) type('#seats', entries.seats);
  for (const [id, answer] of Object.entries(entries.answers ?? {})) {
    const field = `q-${id}`;
    if (typeof answer === 'boolean') check(`#${field}-${answer ? 'yes' : 'no'}`);
    else if (Array.isArray(answer)) answer.forEach((choice) => check(`#${field}-${choice}`));
    else if (root.querySelector(`#${field}-${answer}`)) check(`#${field}-${answer}`);
    else type(`#${field}`, answer);
  }
  if (entries.consent !== undefined) check('#consent', entries.consent);
  if (entries.newsletter !== undefined) check('#newsletter', entries.newsletter);
}

/** Everything the "stadtteilforum" fixture asks for, answered validly. */
export const forumEntries: RegistrationEntries = {
  email: 'anna@example.org',
  firstName: 'Anna',
  lastName: 'Muster',
  seats: '2',
  answers: { district: 'Nord', idea: 'Mehr Bäume', session: 'gruen', needs: ['wheelchair', 'childcare'], photos: false },
  consent: true,
};

/** Opens an event's form in the list (its disclosure button). */
export function openEvent(host: Element, slug: string): void {
  $(host, `button[aria-controls="panel-${slug}"]`).click();
}
