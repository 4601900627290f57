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
import { sameSecret } from '../../../kernel/crypto/same-secret';

type SessionCtx = Ctx & { state: { civicProfileId: number } };


/**
 * The webhooks' authentication: the shared secret as `Authorization: Bearer …` or `?secret=` (for
 * gateways that can only call a URL). Off (404) while no secret is configured; wrong → 401.
 */
function checkWebhook(strapi: Strapi, ctx: Ctx): void {
  const secret = getConfig(strapi).sms.webhookSecret;
  if (!secret) throw new errors.NotFoundError('Not Found');
  const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization') ?? '')?.[1];
  const given = bearer ?? (typeof ctx.query.secret === 'string' ? ctx.query.secret : '');
  if (!given || !sameSecret(given, secret)) throw new errors.UnauthorizedError('The webhook secret is missing or wrong.');
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

    /** POST /sms/inbound: a citizen's reply (STOP words withdraw). Always 200 once authenticated. */
    async inbound(ctx: Ctx) {
      checkWebhook(strapi, ctx);
      const raw = (ctx.request.body ?? {}) as Record<string, unknown>;
      const { from, text } = parseWith(smsInboundSchema, { from: field(raw, 'from', 'From', 'msisdn', 'sender'), text: field(raw, 'text', 'Body', 'message') });
      const stopped = await phones().inbound(from, text);
      ctx.body = { data: { stopped: stopped > 0 } };
    },

    /** POST /sms/delivery-report: the provider's report updates the row it names. */
    async deliveryReport(ctx: Ctx) {
      checkWebhook(strapi, ctx);
      const raw = (ctx.request.body ?? {}) as Record<string, unknown>;
      const report = parseWith(smsDeliveryReportSchema, {
        id: field(raw, 'id', 'MessageSid', 'messageId'),
        status: field(raw, 'status', 'MessageStatus')?.toLowerCase(),
        error: field(raw, 'error', 'ErrorMessage', 'ErrorCode'),
      });
      const found = await getService(strapi, 'smsOutbox').report(report.id, report.status, report.error);
      if (!found) throw new errors.NotFoundError('No SMS has this id.');
      ctx.body = { data: { updated: true } };
    },
  };
};

export default sms;
