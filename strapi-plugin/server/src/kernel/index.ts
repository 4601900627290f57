import type { Feature } from './feature';
import type { ServicesOf } from './services';
import { getService } from './services';
import publicErrors from './http/public-errors';
import requestGuard from './http/request-guard';
import { publicBodyGate } from './http/body-gate';
import { redactTokensInLog } from './log-redaction';
import intake from './intake';
import assets from './pages/assets';

const services = { intake };

declare module './services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/**
 * The kernel's own Strapi parts: the two request middlewares every public route uses, the body gate
 * and log redaction every request passes, the intake (work after the answer), and the static assets.
 */
export const kernel: Feature = {
  middlewares: { 'public-errors': publicErrors, 'request-guard': requestGuard },
  controllers: { assets },
  services,
  routes: {
    'content-api': [
      { method: 'GET', path: '/assets/pages.css', handler: 'assets.pagesCss', config: { auth: false } },
      { method: 'GET', path: '/widgets/:file', handler: 'assets.widget', config: { auth: false } },
    ],
  },
  async register({ strapi }) {
    redactTokensInLog(strapi);
    // Added before the app's own middlewares (config/middlewares.ts), so ahead of Strapi's body parser.
    strapi.server.use(publicBodyGate(strapi));
  },
  async bootstrap({ strapi }) {
    const app = strapi.server.app as { proxy?: boolean; maxIpsCount?: number };
    if (app.proxy && !app.maxIpsCount) {
      strapi.log.warn(
        'civic-dialog: server.proxy.koa is on without server.proxy.maxIpsCount: the client address is the leftmost ' +
          'X-Forwarded-For entry, which any client can forge. Set maxIpsCount to the number of proxies (CIVIC_TRUSTED_PROXY_HOPS).',
      );
    }
  },
  async destroy({ strapi }) {
    // Lets the work of requests already answered finish before the outbox and database stop.
    await getService(strapi, 'intake').stop();
  },
};
