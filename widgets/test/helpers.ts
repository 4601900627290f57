/** Helpers for the widget tests: a fake API per test and shadow-DOM shortcuts. */
import { waitUntil } from '@open-wc/testing';

export interface FakeApi {
  /** Value for the widget's `api` attribute. */
  base: string;
  /** Every request the widget sent to this fake API. */
  requests(): Promise<Array<{ method: string; route: string; query: Record<string, string>; contentType: string; body: any }>>;
}

let counter = 0;

/** A fresh fake API (see test/fake-api.mjs) whose answers follow `scenario`. */
export function fakeApi(scenario = 'ok'): FakeApi {
  const key = `${scenario}-${Date.now()}-${++counter}`;
  return {
    base: `/fake-api/${scenario}/${key}`,
    requests: async () => (await fetch(`/fake-api-log/${key}`)).json(),
  };
}

export function $<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${host.localName}>`);
  return found;
}

export function $$<T extends Element = HTMLElement>(host: Element, selector: string): T[] {
  return [...host.shadowRoot!.querySelectorAll<T>(selector)];
}

/** Waits until topics and legal text have loaded (or failed to). */
export async function loaded(host: Element): Promise<void> {
  await waitUntil(() => host.shadowRoot && !host.shadowRoot.querySelector('[part="loading"]') && host.shadowRoot.querySelector('[part="base"]'), 'widget did not finish loading');
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
