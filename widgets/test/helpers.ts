/** Helpers for the widget tests: a fake API per test (see fake-api.mjs) and waiting for a widget. */
import { waitUntil } from '@open-wc/testing';

export * from './form.js';

export interface FakeApi {
  /** Value for the widget's `api` attribute. */
  base: string;
  /** Every request the widget sent to this fake API. */
  requests(): Promise<Array<{ method: string; route: string; query: Record<string, string>; contentType: string; authorization: string; body: any }>>;
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

/** Waits until topics and legal text have loaded (or failed to). */
export async function loaded(host: Element): Promise<void> {
  await waitUntil(() => host.shadowRoot && !host.shadowRoot.querySelector('[part="loading"]') && host.shadowRoot.querySelector('[part="base"]'), 'widget did not finish loading', { timeout: 5000 });
}
