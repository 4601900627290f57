/** Shadow-DOM shortcuts and form filling, shared by the tests and the stories' play functions. */

export function $<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${host.localName}>`);
  return found;
}

export function $$<T extends Element = HTMLElement>(host: Element, selector: string): T[] {
  return [...host.shadowRoot!.querySelectorAll<T>(selector)];
}

export function statusText(host: Element): string {
  return $(host, '[role="status"]').textContent!.trim();
}

export function focused(host: Element): Element | null {
  return host.shadowRoot!.activeElement;
}

export interface Entries {
  email?: string;
  firstName?: string;
  topics?: string[];
  consent?: boolean;
}

/** Fills the form like a user would (input events included). */
export function fill(host: Element, entries: Entries): void {
  const type = (selector: string, value: string) => {
    const input = $<HTMLInputElement>(host, selector);
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  };
  if (entries.email !== undefined) type('#email', entries.email);
  if (entries.firstName !== undefined) type('#firstName', entries.firstName);
  for (const slug of entries.topics ?? []) {
    const box = $<HTMLInputElement>(host, `#topic-${slug}`);
    if (!box.checked) box.click();
  }
  if (entries.consent && !$<HTMLInputElement>(host, '#consent').checked) $(host, '#consent').click();
}

export function submit(host: Element): void {
  $(host, 'button[type="submit"]').click();
}

export const validEntries: Entries = { email: 'anna@example.org', firstName: 'Anna', topics: ['abfall', 'kultur'], consent: true };
