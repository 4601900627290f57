import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import preferences from './services/preferences';
import preferencesController from './controllers/preferences';
import citizenSession from './citizen-session';
import { contentApi } from './routes';
import { getService } from '../../kernel/services';
import { WITH_MANAGE_LINK, manageLinkExtension, registerPreferenceMails } from './mails/extension';

// Bulk mails of other features (the weekly digest) link the preference center the same way.
export { manageLinkExtension } from './mails/extension';

const services = { preferences };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/** The citizen's preference center: manage link, session, profile, topics, export and erasure. */
export const preferencesFeature: Feature = {
  services,
  controllers: { preferences: preferencesController },
  middlewares: { 'citizen-session': citizenSession },
  routes: { 'content-api': contentApi },
  async register() {
    registerPreferenceMails();
  },
  async bootstrap({ strapi }) {
    getService(strapi, 'outbox').extend(WITH_MANAGE_LINK, manageLinkExtension(strapi));
  },
};
