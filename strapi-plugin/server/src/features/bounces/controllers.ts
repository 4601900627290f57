import { z } from 'zod';
import { errors } from '@strapi/utils';
import type { Strapi } from '../../kernel/types';
import type { Ctx } from '../../kernel/http/request';
import { parseWith } from '../../kernel/http/errors';
import { getConfig } from '../../kernel/get-config';
import { getService } from '../../kernel/services';
import { requestMeta } from '../../kernel/http/request';
import type { AdminCtx } from '../../shared/citizens/audit';
import { InvalidReportError, parseProviderJson, parseRawReport, type BounceReport } from './parse';

/** The media types the webhook reads raw: a mail message, or Amazon SNS's JSON sent as text/plain. */
export const WEBHOOK_RAW_TYPES = ['message/rfc822', 'text/plain'];
/** A DSN with the original message attached stays well under this. */
export const WEBHOOK_MAX_BYTES = 512 * 1024;


/** The secret of `Authorization: Bearer <secret>`, or the password of Basic auth (Amazon SNS can only send that). */
function presentedSecret(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) return null;
  if (scheme!.toLowerCase() === 'bearer') return value;
  if (scheme!.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : null;
  }
  return null;
}

const liftSchema = z.object({ note: z.string().trim().min(3).max(500) }).strict();
// At most PostgreSQL's integer: a larger id made the query fail (500).
const idSchema = z.coerce.number().int().positive().max(2_147_483_647);
const listSchema = z.object({
  state: z.enum(['active', 'lifted']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const newslettersSchema = z.object({ documentIds: z.string().max(2_000).optional() });

const webhook = ({ strapi }: { strapi: Strapi }) => ({
  /**
   * POST /api/civic-dialog/bounces/webhook: a raw bounce message (message/rfc822), or a provider's
   * JSON (Amazon SES via SNS — also as text/plain —, Mailgun, Postmark). 404 while no secret is set,
   * the same 401 for a missing or wrong secret (429 beyond a few per client), 400 for a body that is
   * no report; else 202 with how many reports it read — the same whether they were recorded, seen
   * before, forged or about an address nobody has (the answer tells no one who is a citizen).
   */
  async receive(ctx: Ctx & { state: { rawBody?: string } }) {
    const { webhookSecret, domain, localPart } = getConfig(strapi).bounces;
    if (!webhookSecret) throw new errors.NotFoundError('The bounce webhook is not enabled (bounces.webhookSecret).');
    await getService(strapi, 'rateLimits').checkWebhookSecret(requestMeta(ctx).ip ?? undefined, presentedSecret(ctx.get('authorization')), webhookSecret);

    const shape = { domain, localPart };
    let reports: BounceReport[];
    let ignored: string | null = null;
    try {
      const raw = ctx.state.rawBody;
      const body = raw !== undefined ? raw : (ctx.request as { body?: unknown }).body;
      if (typeof body === 'string' && body.trim().startsWith('{')) {
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          throw new InvalidReportError('The body is not valid JSON.');
        }
        const result = parseProviderJson(json, shape);
        reports = 'reports' in result ? result.reports : [];
        if ('ignored' in result) ignored = result.ignored;
      } else if (typeof body === 'string') {
        reports = await parseRawReport(body, shape, 'webhook:raw');
      } else {
        const result = parseProviderJson(body, shape);
        reports = 'reports' in result ? result.reports : [];
        if ('ignored' in result) {
          ignored = result.ignored;
          if (result.ignored === 'sns-subscription' && result.detail) {
            // Confirming means visiting a URL from the request: an administrator does that, the server fetches nothing.
            strapi.log.info(`civic-dialog: Amazon SNS asks to confirm the bounce subscription: ${result.detail}`);
          }
        }
      }
    } catch (error) {
      if (error instanceof InvalidReportError) throw new errors.ValidationError(error.message);
      throw error;
    }

    const service = getService(strapi, 'bounces');
    for (const report of reports) {
      // A raw message needs our return path (as in the mailbox); a provider's record may name only the address.
      await service.record(report, { requireReturnPath: report.source === 'webhook:raw' });
    }
    ctx.status = 202;
    ctx.body = { data: { received: reports.length, ignored } };
  },
});

const bouncesAdmin = ({ strapi }: { strapi: Strapi }) => ({
  /** GET /civic-dialog/bounces/suppressions: the suppressed addresses, newest first. */
  async suppressions(ctx: AdminCtx) {
    const query = parseWith(listSchema, ctx.query);
    const { total, rows } = await getService(strapi, 'bounces').listSuppressions(query);
    await getService(strapi, 'audit').recordAccess(ctx.state.user, 'listed-profiles', 'suppressed addresses');
    ctx.body = { data: rows, meta: { total, page: query.page, pageSize: query.pageSize } };
  },

  /** POST /civic-dialog/bounces/suppressions/:id/lift { note }: mail may go to the address again (audited). */
  async lift(ctx: AdminCtx & { params: { id?: string } }) {
    const id = parseWith(idSchema, ctx.params.id);
    const { note } = parseWith(liftSchema, (ctx.request as { body?: unknown }).body ?? {});
    const lifted = await getService(strapi, 'bounces').lift(id, note, ctx.state.user);
    if (!lifted) throw new errors.NotFoundError('No active suppression with this id.');
    ctx.body = { data: lifted };
  },

  /** GET /civic-dialog/bounces/newsletters?documentIds=a,b: bounces per newsletter and kind. */
  async newsletters(ctx: Ctx) {
    const { documentIds } = parseWith(newslettersSchema, ctx.query);
    const ids = documentIds?.split(',').map((id) => id.trim()).filter(Boolean);
    ctx.body = { data: await getService(strapi, 'bounces').countsPerNewsletter(ids) };
  },
});

export { webhook as bouncesWebhook, bouncesAdmin };
