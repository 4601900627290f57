import { describe, expect, it } from 'vitest';
import { createHttpProvider, fillTemplate } from './http';
import { SmsProviderError } from './types';

const config = {
  url: 'https://gateway.example/send?to={{to}}',
  method: 'POST' as const,
  headers: { 'X-Api-Key': 'k' },
  body: '{"to":"{{to}}","text":"{{text}}","ref":"{{id}}"}',
  contentType: 'application/json',
  idField: 'result.messageId',
  timeoutMs: 1000,
};

function fakeFetch(status: number, answer: string, seen: Array<{ url: string; init: RequestInit }> = []) {
  return (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return new Response(answer, { status });
  }) as unknown as typeof fetch;
}

describe('the generic HTTP provider', () => {
  it('fills the body template JSON-escaped and the URL URL-encoded, sends the headers and reads the id from the answer', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const provider = createHttpProvider(config, fakeFetch(200, '{"result":{"messageId":"abc-1"}}', seen));
    const text = 'Warnung: "Hochwasser"\nBitte \\ meiden';
    expect(await provider.push({ id: 7, to: '+4915112345678', text, from: 'Stadt' })).toEqual({ providerMessageId: 'abc-1' });
    expect(seen[0]!.url).toBe('https://gateway.example/send?to=%2B4915112345678');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ to: '+4915112345678', text, ref: '7' });
    expect(seen[0]!.init.headers).toMatchObject({ 'X-Api-Key': 'k', 'Content-Type': 'application/json' });
  });

  it('URL-encodes the values of a form body', () => {
    expect(fillTemplate('to={{to}}&text={{text}}', { to: '+49 1', text: 'a&b=c' }, encodeURIComponent)).toBe('to=%2B49%201&text=a%26b%3Dc');
  });

  it('keeps our row id when the answer is not JSON', async () => {
    expect(await createHttpProvider(config, fakeFetch(202, 'OK')).push({ id: 9, to: '+491', text: 't', from: '' })).toEqual({ providerMessageId: '9' });
  });

  it('a 4xx is a refusal for good, a 5xx or 429 is retried', async () => {
    const refused = await createHttpProvider(config, fakeFetch(400, 'bad number')).push({ id: 1, to: '+491', text: 't', from: '' }).catch((error) => error);
    expect(refused).toBeInstanceOf(SmsProviderError);
    expect(refused.permanent).toBe(true);
    for (const status of [503, 429]) {
      const failed = await createHttpProvider(config, fakeFetch(status, 'busy')).push({ id: 1, to: '+491', text: 't', from: '' }).catch((error) => error);
      expect(failed.permanent).toBe(false);
      expect(failed.message).toContain(String(status));
    }
  });
});
