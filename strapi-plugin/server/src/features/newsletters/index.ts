import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import { getService } from '../../kernel/services';
import { registerAdminActions } from '../../kernel/http/routes';
import newsletter from './content-types/newsletter';
import newsletterSend from './content-types/newsletter-send';
import newsletterDelivery from './content-types/newsletter-delivery';
import newsletterClick from './content-types/newsletter-click';
import newsletterClickMark from './content-types/newsletter-click-mark';
import newsletters from './service';
import newsletterSender from './sender';
import newslettersController from './controllers';
import { adminRoutes, contentApiRoutes } from './routes';
import { registerNewsletterComponents } from './components';
import { registerNewsletterValidation } from './validation';
import { newsletterConfig } from './config';
import { NEWSLETTERS_UID } from './tables';
import { newsletterClaims } from './store';

// The retention feature clears old deliveries' error texts.
export { NEWSLETTERS_TABLE, NEWSLETTERS_UID } from './tables';
// Automation mails are written with the newsletter's blocks and rendered by its renderer.
export { renderBlocks, type FrozenBlock } from './render';
export { freezeContent } from './resolve';

const services = { newsletters, newsletterSender };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/** Newsletters: composed from blocks in the content manager, sent exactly once at a shared rate, reported. */
export const newslettersFeature: Feature = {
  contentTypes: {
    newsletter,
    'newsletter-send': newsletterSend,
    'newsletter-delivery': newsletterDelivery,
    'newsletter-click': newsletterClick,
    'newsletter-click-mark': newsletterClickMark,
  },
  services,
  controllers: { newsletters: newslettersController },
  routes: { admin: adminRoutes, 'content-api': contentApiRoutes },
  async register({ strapi }) {
    // Block components of the body, before the database is set up from the schemas.
    registerNewsletterComponents(strapi, newsletterConfig(strapi).contentSources, NEWSLETTERS_UID.newsletter);
    // Alt text and safe links are checked whenever an editor saves, not only when sending.
    registerNewsletterValidation(strapi);
  },
  async bootstrap({ strapi }) {
    await registerAdminActions(strapi, [
      { displayName: 'Read newsletters (audience, preview, report)', uid: 'newsletters.read' },
      { displayName: 'Send newsletters (test, send, schedule, approve, pause, cancel)', uid: 'newsletters.send' },
    ]);
    getService(strapi, 'personalData').register(getService(strapi, 'newsletters').personalDataSection());
    // A dead worker's recipients come back by the outbox's dead-instance check, as its mails do.
    getService(strapi, 'outbox').reclaimAlso(newsletterClaims(() => getService(strapi, 'newsletterSender').kick()));
  },
  async start({ strapi }) {
    // Indexes, the shared rate budget; on worker instances the poller (schedules, queued recipients).
    await getService(strapi, 'newsletterSender').start();
  },
  async destroy({ strapi }) {
    await getService(strapi, 'newsletterSender').stop();
  },
};
