import type { Strapi } from '../../../kernel/types';
import { getConfig } from '../../../kernel/get-config';
import { createHttpProvider } from './http';
import { createTwilioProvider } from './twilio';
import type { SmsProvider } from './types';

export type { SmsProvider } from './types';
export { SmsProviderError } from './types';

/** The provider plugin config `sms.provider` names. */
export function createSmsProvider(strapi: Strapi): SmsProvider {
  const config = getConfig(strapi).sms;
  if (config.provider === 'twilio') {
    const base = (getConfig(strapi).publicUrl || (strapi.config.get('server.url') as string) || '').replace(/\/+$/, '');
    const callback = base && config.webhookSecret ? `${base}/api/civic-dialog/sms/delivery-report?secret=${encodeURIComponent(config.webhookSecret)}` : undefined;
    return createTwilioProvider(config, callback);
  }
  return createHttpProvider(config.http);
}
