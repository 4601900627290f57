import twilio from 'twilio';
import type { PluginConfig } from '../../../kernel/config';
import { SmsProviderError, type SmsProvider } from './types';

/**
 * Twilio through its official SDK. The status callback (delivery reports) is our webhook with the
 * shared secret; Twilio's 4xx answers (invalid number, unsubscribed recipient) are permanent.
 */
export function createTwilioProvider(config: PluginConfig['sms'], statusCallback: string | undefined): SmsProvider {
  const client = twilio(config.twilio.accountSid, config.twilio.authToken);
  return {
    name: 'twilio',
    async push({ to, text, from }) {
      try {
        const message = await client.messages.create({
          to,
          body: text,
          ...(config.twilio.messagingServiceSid ? { messagingServiceSid: config.twilio.messagingServiceSid } : { from }),
          ...(statusCallback ? { statusCallback } : {}),
        });
        return { providerMessageId: message.sid };
      } catch (error) {
        const status = (error as { status?: number }).status ?? 0;
        throw new SmsProviderError(`Twilio: ${(error as Error)?.message ?? error}`, status >= 400 && status < 500 && status !== 429);
      }
    },
  };
}
