import type { PluginConfig } from '../../../kernel/config';
import { SmsProviderError, type SmsProvider } from './types';

type HttpConfig = PluginConfig['sms']['http'];

/** Replaces {{to}} {{text}} {{id}} {{from}}, each value escaped for where it lands (JSON string, form or query). */
export function fillTemplate(template: string, values: Record<string, string>, escape: (value: string) => string): string {
  return template.replace(/\{\{\s*(to|text|id|from)\s*\}\}/g, (_match, name: string) => escape(values[name] ?? ''));
}

const jsonEscape = (value: string) => JSON.stringify(value).slice(1, -1);

function pick(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}

/**
 * The generic HTTP provider: how most German gateways are driven (a POST or GET to a URL with an API
 * key in a header, the number and text in a body or query). A 2xx answer is accepted; 4xx but 408/429
 * is a permanent refusal; everything else (5xx, timeout, network) is retried.
 */
export function createHttpProvider(config: HttpConfig, fetchImpl: typeof fetch = fetch): SmsProvider {
  const json = /json/i.test(config.contentType);
  return {
    name: 'http',
    async push({ id, to, text, from }) {
      const values = { to, text, id: String(id), from };
      const url = fillTemplate(config.url, values, encodeURIComponent);
      const body = config.method === 'GET' ? undefined : fillTemplate(config.body, values, json ? jsonEscape : encodeURIComponent);
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: config.method,
          headers: { ...(body !== undefined ? { 'Content-Type': config.contentType } : {}), ...(config.headers ?? {}) },
          body,
          signal: AbortSignal.timeout(config.timeoutMs),
        });
      } catch (error) {
        throw new SmsProviderError(`SMS gateway not reached: ${(error as Error)?.message ?? error}`);
      }
      const answer = await response.text().catch(() => '');
      if (!response.ok) {
        const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
        throw new SmsProviderError(`SMS gateway answered ${response.status}: ${answer.slice(0, 300)}`, permanent);
      }
      let providerMessageId = String(id);
      if (config.idField) {
        try {
          const found = pick(JSON.parse(answer), config.idField);
          if (typeof found === 'string' || typeof found === 'number') providerMessageId = String(found);
        } catch {
          // A gateway that answers plain text: our row id stays the id its reports name.
        }
      }
      return { providerMessageId };
    },
  };
}
