import { newAlertSchema, alertPreferencesUpdateSchema, alertSignupRequestSchema, tokenRequestSchema, type PublicAlertList, type SignupAccepted } from '@civic-dialog/contracts';
import { z } from 'zod';
import type { Strapi } from '../../../kernel/types';
import { parseWith } from '../../../kernel/http/errors';
import { validated } from '../../../kernel/http/until-valid';
import { checkSourcePage } from '../../../kernel/http/town-pages';
import { requestMeta, wantsJson, type Ctx } from '../../../kernel/http/request';
import { linkPages, linkToken, postedToken, successPage } from '../../../kernel/pages/link-pages';
import { getService } from '../../../kernel/services';
import { ALERT_TEXTS } from '../texts';

const ACCEPTED: SignupAccepted = { data: { status: 'accepted' } };
// At most PostgreSQL's integer: a larger id made the query fail (500).
const idSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

const alertsController = ({ strapi }: { strapi: Strapi }) => {
  const alerts = () => getService(strapi, 'alerts');
  const signup = () => getService(strapi, 'alertSignup');
  const pages = linkPages(strapi);
  const idOf = (ctx: Ctx) => parseWith(idSchema, ctx.params).id;

  return {
    /** POST /civic-dialog/alerts (alerts.send). */
    async create(ctx: Ctx) {
      const input = parseWith(newAlertSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await alerts().create(input) };
    },
    /** GET /civic-dialog/alerts (alerts.send). */
    async list(ctx: Ctx) {
      ctx.body = { data: await alerts().list() };
    },
    /** GET /civic-dialog/alerts/:id (alerts.send): one alert as the list shows it. */
    async findOne(ctx: Ctx) {
      ctx.body = { data: await alerts().one(idOf(ctx)) };
    },
    /** POST /civic-dialog/alerts/:id/send (alerts.send): 202 with the number of recipients queued. */
    async send(ctx: Ctx) {
      const outcome = await alerts().send(idOf(ctx));
      ctx.status = 202;
      ctx.body = { data: outcome };
    },
    /** GET /civic-dialog/alerts/:id/audience (alerts.send): who would get it now, per channel. */
    async audience(ctx: Ctx) {
      ctx.body = await alerts().audience(idOf(ctx));
    },
    /** GET /civic-dialog/alerts/areas (alerts.send): the districts and postal codes citizens chose. */
    async areas(ctx: Ctx) {
      ctx.body = await alerts().areas();
    },
    /** GET /civic-dialog/alerts/:id/deliveries (alerts.send): live figures per channel. */
    async deliveries(ctx: Ctx) {
      ctx.body = await alerts().deliveries(idOf(ctx));
    },

    /** GET /api/civic-dialog/alerts: the current alerts, cacheable for a short while. */
    async current(ctx: Ctx) {
      const body: PublicAlertList = { data: await alerts().current() };
      ctx.set('Cache-Control', 'public, max-age=30');
      ctx.body = body;
    },

    /** POST /api/civic-dialog/alerts/signups: the same 202 for every valid request. */
    async signup(ctx: Ctx) {
      const input = parseWith(alertSignupRequestSchema, ctx.request.body);
      checkSourcePage(strapi, input.pageUrl, ctx.get('origin'));
      await validated(ctx);
      await signup().accept(input, requestMeta(ctx));
      ctx.status = 202;
      ctx.body = ACCEPTED;
    },

    /** GET /api/civic-dialog/preferences/alerts (citizen session): the citizen's alert area and state. */
    async preferences(ctx: Ctx) {
      ctx.body = await signup().preferences(Number(ctx.state.civicProfileId));
    },
    /** PUT /api/civic-dialog/preferences/alerts (citizen session): subscribe for an area, or withdraw. */
    async updatePreferences(ctx: Ctx) {
      const input = parseWith(alertPreferencesUpdateSchema, ctx.request.body);
      ctx.body = await signup().updatePreferences(Number(ctx.state.civicProfileId), input, requestMeta(ctx));
    },

    /** GET /api/civic-dialog/alerts/confirm?token=… → a page with the "confirm" button (scanners only look). */
    async confirmPage(ctx: Ctx) {
      await pages.send(ctx, async () => {
        const token = linkToken(ctx.query.token);
        const { locale, area } = await signup().previewConfirm(token);
        const t = ALERT_TEXTS[locale];
        return { lang: locale, title: t.confirmTitle, paragraphs: [t.confirmIntro(area)], form: { action: 'confirm', hidden: { token }, button: t.confirmButton } };
      });
    },

    /** POST /api/civic-dialog/alerts/confirm: JSON `{ token }` or the page's form. */
    async confirm(ctx: Ctx) {
      if (wantsJson(ctx)) {
        const { token } = parseWith(tokenRequestSchema, ctx.request.body);
        await signup().confirm(token, requestMeta(ctx));
        ctx.body = { data: { status: 'confirmed' } };
        return;
      }
      await pages.send(ctx, async () => {
        const { locale, area } = await signup().confirm(linkToken(postedToken(ctx)), requestMeta(ctx));
        const t = ALERT_TEXTS[locale];
        return successPage(locale, t.confirmedTitle, t.confirmedText(area));
      });
    },
  };
};

export default alertsController;
