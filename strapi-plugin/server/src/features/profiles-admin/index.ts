import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import { getService } from '../../kernel/services';
import { registerAdminActions } from '../../kernel/http/routes';
import profiles from './services/profiles';
import profilesController from './controllers/profiles';
import { admin } from './routes';

const services = { profiles };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/** The editors' profile list and detail, GDPR export and erasure, resend, audit log. */
export const profilesAdmin: Feature = {
  services,
  controllers: { profiles: profilesController },
  routes: { admin },
  async bootstrap({ strapi }) {
    await getService(strapi, 'profiles').ensureSearchIndexes();
    await registerAdminActions(strapi, [
      { displayName: 'Read profiles', uid: 'profiles.read' },
      { displayName: 'Edit profiles (resend confirmation)', uid: 'profiles.update' },
      { displayName: 'Export profiles (GDPR)', uid: 'profiles.export' },
      { displayName: 'Erase profiles (GDPR)', uid: 'profiles.erase' },
      { displayName: 'Read the audit log', uid: 'audit.read' },
    ]);
  },
};
