import { errors } from '@strapi/utils';
import {
  smsConsentsRequestSchema,
  smsDeliveryReportSchema,
  smsInboundSchema,
  smsPhoneRequestSchema,
  smsVerifyRequestSchema,
  type SmsCodeSent,
  type SmsState,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { getConfig } from '../../../kernel/get-config';
import { parseWith } from '../../../kernel/http/errors';
import { requestMeta, type Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';
import twilio from 'twilio';

type SessionCtx = Ctx & { state: { civicProfileId: number } };


/**
 * The webhooks' authentication: the shared secret as `Authorization: Bearer …` or `?secret=` (for
 * gateways that can only call a URL). Off (404) while no secret is configured; a missing or wrong
 * one → the same 401, and beyond a few per client → 429 (shared/rate-limits checkWebhookSecret).
 * With the Twilio provider, Twilio's own signature must verify too (403 otherwise).
 */
async function checkWebhook(strapi: Strapi, ctx: Ctx): Promise<void> {
  const config = getConfig(strapi);
  const secret = config.sms.webhookSecret;
  if (!secret) throw new errors.NotFoundError('Not Found');
  const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization') ?? '')?.[1];
  const given = bearer ?? (typeof ctx.query.secret === 'string' ? ctx.query.secret : '');
  await getService(strapi, 'rateLimits').checkWebhookSecret(requestMeta(ctx).ip ?? undefined, given, secret);
  if (config.sms.provider === 'twilio') checkTwilioSignature(strapi, ctx);
}

/**
 * X-Twilio-Signature: an HMAC-SHA1 (the account's auth token) of the URL Twilio called and the posted
 * fields (the SDK's validateRequest). The URL is the plugin's publicUrl (else server.url) with the
 * request's path and query, so publicUrl must be the address Twilio calls.
 */
function checkTwilioSignature(strapi: Strapi, ctx: Ctx): void {
  const config = getConfig(strapi);
  const signature = ctx.get('x-twilio-signature');
  const base = (config.publicUrl || (strapi.config.get('server.url') as string) || '').replace(/\/+$/, '');
  const body = ctx.request.body;
  const params = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  if (!signature || !base || !twilio.validateRequest(config.sms.twilio.authToken, signature, `${base}${ctx.originalUrl}`, params)) {
    throw new errors.ForbiddenError('The Twilio signature is missing or wrong.');
  }
}

/** Twilio posts form fields (From, Body; MessageSid, MessageStatus); the generic gateway JSON (from, text; id, status). */
const field = (body: Record<string, unknown>, ...names: string[]) => {
  for (const name of names) if (typeof body[name] === 'string') return body[name] as string;
  return undefined;
};

const sms = ({ strapi }: { strapi: Strapi }) => {
  const phones = () => getService(strapi, 'smsPhones');
  const answer = async (ctx: Ctx, state: Promise<SmsState['data']>) => {
    const body: SmsState = { data: await state };
    ctx.body = body;
  };
  return {
    /** GET /preferences/sms */
    async find(ctx: SessionCtx) {
      await answer(ctx, phones().state(ctx.state.civicProfileId));
    },

    /** POST /preferences/sms/phone: a code to this number (202, the same answer whatever the number). */
    async requestCode(ctx: SessionCtx) {
      const input = parseWith(smsPhoneRequestSchema, ctx.request.body);
      const sent = await phones().requestCode(ctx.state.civicProfileId, input.phone, input.locale, requestMeta(ctx));
      const body: SmsCodeSent = { data: { status: 'code-sent', ...sent } };
      ctx.status = 202;
      ctx.body = body;
    },

    /** POST /preferences/sms/verify */
    async verify(ctx: SessionCtx) {
      const { code } = parseWith(smsVerifyRequestSchema, ctx.request.body);
      await answer(ctx, phones().verify(ctx.state.civicProfileId, code, requestMeta(ctx)));
    },

    /** PUT /preferences/sms/consents */
    async updateConsents(ctx: SessionCtx) {
      const input = parseWith(smsConsentsRequestSchema, ctx.request.body);
      await answer(ctx, phones().updateConsents(ctx.state.civicProfileId, input, requestMeta(ctx)));
    },

    /** DELETE /preferences/sms/phone */
    async removePhone(ctx: SessionCtx) {
      await answer(ctx, phones().removePhone(ctx.state.civicProfileId, requestMeta(ctx)));
    },

    /** POST /sms/inbound: a citizen's reply (STOP words withdraw). The same 200 for every well-formed reply once authenticated. */
    async inbound(ctx: Ctx) {
      await checkWebhook(strapi, ctx);
      const raw = (ctx.request.body ?? {}) as Record<string, unknown>;
      const { from, text } = parseWith(smsInboundSchema, { from: field(raw, 'from', 'From', 'msisdn', 'sender'), text: field(raw, 'text', 'Body', 'message') });
      await phones().inbound(from, text);
      // The same answer whether the number belongs to a citizen or not (no enumeration through the webhook).
      ctx.body = { data: { received: true } };
    },

    /**
     * POST /sms/delivery-report: the provider's report moves the row it names forward (never back:
     * a resent report changes nothing). The same 200 for every well-formed report, whether its id
     * is known or not.
     */
    async deliveryReport(ctx: Ctx) {
      await checkWebhook(strapi, ctx);
      const raw = (ctx.request.body ?? {}) as Record<string, unknown>;
      const report = parseWith(smsDeliveryReportSchema, {
        id: field(raw, 'id', 'MessageSid', 'messageId'),
        status: field(raw, 'status', 'MessageStatus')?.toLowerCase(),
        error: field(raw, 'error', 'ErrorMessage', 'ErrorCode'),
      });
      await getService(strapi, 'smsOutbox').report(report.id, report.status, report.error);
      ctx.body = { data: { received: true } };
    },
  };
};

export default sms;
