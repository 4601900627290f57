import type { RouteMiddlewareFactory } from '../../kernel/types';
import { getService } from '../../kernel/services';

/**
 * The preference center's authorisation: `Authorization: Bearer <session token>` from a manage
 * link. The session binds the request to one profile (ctx.state.civicProfileId); no citizen URL
 * names a profile, so one citizen's token can never reach another's data. Otherwise 401.
 */
const citizenSession: RouteMiddlewareFactory = (_config, { strapi }) => async (ctx, next) => {
  const header = ctx.get('authorization') as string;
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  try {
    const session = await getService(strapi, 'preferences').authenticate(match?.[1]);
    ctx.state.civicProfileId = session.profileId;
    ctx.state.civicSession = session;
  } catch (error) {
    ctx.set('WWW-Authenticate', 'Bearer realm="civic-dialog"');
    throw error;
  }
  // Personal data: never cached by a browser or proxy.
  ctx.set('Cache-Control', 'no-store');
  await next();
};

export default citizenSession;
