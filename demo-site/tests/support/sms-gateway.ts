// The tests use the demo's local SMS gateway (scripts/lib/sms-gateway.mjs), typed here.
import { startSmsGateway as start } from '../../scripts/lib/sms-gateway.mjs';

export interface GatewaySms {
  gatewayId: string;
  id: string;
  to: string;
  from: string;
  text: string;
  receivedAt: string;
}

export interface SmsGateway {
  port: number;
  url: string;
  messagesUrl: string;
  received: GatewaySms[];
  readonly requests: number;
  fail(count?: number): void;
  to(phone: string): GatewaySms[];
  waitFor(phone: string, count?: number, timeoutMs?: number): Promise<GatewaySms[]>;
  close(): Promise<void>;
}

export const startSmsGateway = start as (options?: { port?: number; host?: string; reportUrl?: string; reportSecret?: string }) => Promise<SmsGateway>;

/** The env of an app whose SMS go to this gateway through the generic HTTP provider. */
export function smsEnv(gateway: SmsGateway, secret = 'sms-webhook-secret'): Record<string, string> {
  return {
    CIVIC_SMS_ENABLED: 'true',
    CIVIC_SMS_PROVIDER: 'http',
    CIVIC_SMS_HTTP_URL: gateway.messagesUrl,
    CIVIC_SMS_WEBHOOK_SECRET: secret,
    CIVIC_SMS_POLL_MS: '0',
  };
}
