import { errors } from '@strapi/utils';
import type { Feature, Route } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import { getService } from '../../kernel/services';
import type { Ctx } from '../../kernel/http/request';
import type { Strapi } from '../../kernel/types';
import { PUBLIC_ERRORS } from '../../kernel/http/routes';
import { BOT_PROTECTION_TABLE } from './tables';
import { ensureIndexes } from '../../kernel/db';
import { SIGNUP_RATE_LIMIT } from '../../shared/rate-limits/signup-rate-limit';
import altchaSolution from './content-types/altcha-solution';
import altcha from './altcha';
import altchaCheck from './altcha-check';

const services = { altcha };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

const contentApi: Route[] = [
  // The bare challenge JSON, as the `altcha` web component's challengeurl expects it. Rate-limited
  // per client: each challenge costs the server one key derivation (the signed key prefix).
  {
    method: 'GET',
    path: '/altcha/challenge',
    handler: 'altcha.challenge',
    config: { auth: false, middlewares: [PUBLIC_ERRORS, { name: SIGNUP_RATE_LIMIT, config: { bucket: 'altcha-challenge' } }] },
  },
  // Which forms need the check, so a widget loads the component only there.
  { method: 'GET', path: '/altcha/forms', handler: 'altcha.forms', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
];

const altchaController = ({ strapi }: { strapi: Strapi }) => ({
  async challenge(ctx: Ctx) {
    if (!getService(strapi, 'altcha').forms().length) throw new errors.NotFoundError('Bot protection (ALTCHA) is not enabled for any form.');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await getService(strapi, 'altcha').challenge();
  },
  async forms(ctx: Ctx) {
    ctx.body = { data: { forms: getService(strapi, 'altcha').forms() } };
  },
});

/** Bot protection without third parties: ALTCHA proof of work on the forms the town lists (config altcha). */
export const botProtectionFeature: Feature = {
  contentTypes: { 'altcha-solution': altchaSolution },
  services,
  controllers: { altcha: altchaController },
  middlewares: { 'altcha-check': altchaCheck },
  routes: { 'content-api': contentApi },
  async bootstrap({ strapi }) {
    // The unique index is what makes a solution usable once (Strapi creates none for `unique`).
    await ensureIndexes(strapi, [
      { name: 'civic_dialog_altcha_solutions_signature_uq', table: BOT_PROTECTION_TABLE.altchaSolution, columns: ['signature_hash'], unique: true },
      { name: 'civic_dialog_altcha_solutions_expires_ix', table: BOT_PROTECTION_TABLE.altchaSolution, columns: ['expires_at'] },
    ]);
  },
};
