import {
  preferencesEraseRequestSchema,
  preferencesLinkRequestSchema,
  preferencesProfilePatchSchema,
  preferencesSessionRequestSchema,
  preferencesSubscriptionsSchema,
  preferencesViewQuerySchema,
  type PreferencesErased,
  type PreferencesLinkAccepted,
  type PreferencesResponse,
  type PreferencesSession,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { parseWith } from '../../../kernel/http/errors';
import { validated } from '../../../kernel/http/until-valid';
import { requestMeta, type Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';
import type { CitizenSession } from '../services/preferences';

const ACCEPTED: PreferencesLinkAccepted = { data: { status: 'accepted' } };

type SessionCtx = Ctx & { state: { civicProfileId: number; civicSession: CitizenSession } };
/** The profile the citizen-session middleware bound this request to. */
const profileIdOf = (ctx: SessionCtx) => ctx.state.civicProfileId;
/** The widget's language (`?locale=`): the view's topic names come in it (400 on any other value). */
const shownIn = (ctx: Ctx) => parseWith(preferencesViewQuerySchema, ctx.query).locale;

/** `<civic-preferences>`: magic link, session, and the citizen's own data (GDPR self-service). */
const preferences = ({ strapi }: { strapi: Strapi }) => {
  const service = () => getService(strapi, 'preferences');
  const gdpr = () => getService(strapi, 'gdpr');
  const answer = async (ctx: SessionCtx, view: Promise<PreferencesResponse['data']>) => {
    const body: PreferencesResponse = { data: await view };
    ctx.body = body;
  };

  return {
    /** POST /preferences/link: the same 202 for known and unknown addresses. */
    async requestLink(ctx: Ctx) {
      const input = parseWith(preferencesLinkRequestSchema, ctx.request.body);
      await validated(ctx);
      await service().requestLink(input);
      ctx.status = 202;
      ctx.body = ACCEPTED;
    },

    /** POST /preferences/session: manage-link token (from the URL fragment) → session token. */
    async openSession(ctx: Ctx) {
      const { token } = parseWith(preferencesSessionRequestSchema, ctx.request.body);
      const body: PreferencesSession = { data: await service().openSession(token) };
      ctx.set('Cache-Control', 'no-store');
      ctx.body = body;
    },

    async find(ctx: SessionCtx) {
      await answer(ctx, service().view(profileIdOf(ctx), shownIn(ctx)));
    },

    async updateProfile(ctx: SessionCtx) {
      const patch = parseWith(preferencesProfilePatchSchema, ctx.request.body);
      await answer(ctx, service().updateProfile(profileIdOf(ctx), patch, shownIn(ctx)));
    },

    async updateSubscriptions(ctx: SessionCtx) {
      const input = parseWith(preferencesSubscriptionsSchema, ctx.request.body);
      await answer(ctx, service().updateSubscriptions(profileIdOf(ctx), input, requestMeta(ctx), shownIn(ctx)));
    },

    async unsubscribeAll(ctx: SessionCtx) {
      await answer(ctx, service().unsubscribeAll(profileIdOf(ctx), requestMeta(ctx), shownIn(ctx)));
    },

    /** GET /preferences/export: everything the town holds, as a JSON download (Art. 15/20). */
    async exportData(ctx: SessionCtx) {
      service().requireFreshLink(ctx.state.civicSession);
      const document = await gdpr().exportDocument(profileIdOf(ctx));
      ctx.set('Content-Disposition', `attachment; filename="civic-dialog-export-${document.exportedAt.slice(0, 10)}.json"`);
      ctx.type = 'application/json';
      ctx.body = document;
    },

    /** POST /preferences/erase: Art. 17, after the widget's explicit confirmation step. */
    async erase(ctx: SessionCtx) {
      parseWith(preferencesEraseRequestSchema, ctx.request.body);
      service().requireFreshLink(ctx.state.civicSession);
      await gdpr().erase(profileIdOf(ctx));
      const body: PreferencesErased = { data: { status: 'erased' } };
      ctx.body = body;
    },
  };
};

export default preferences;
