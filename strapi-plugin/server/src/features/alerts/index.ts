import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import { getService } from '../../kernel/services';
import { ensureIndexes } from '../../kernel/db';
import { registerAdminActions } from '../../kernel/http/routes';
import alert from './content-types/alert';
import alertSubscription from './content-types/alert-subscription';
import alerts from './services/alerts';
import alertSignup from './services/alert-signup';
import alertsController from './controllers/alerts';
import { adminRoutes, contentApiRoutes } from './routes';
import { ALERT_INDEXES } from './indexes';
import { alertsSection } from './personal-data';
import { alertConfirmLinkExtension, alertViewExtension, registerAlertMails } from './mails/extension';

export { ALERTS_TABLE, ALERTS_UID } from './tables';

const services = { alerts, alertSignup };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/** Urgent alerts ("Warnungen"): written and sent by editors with alerts.send to an area, on the outbox's priority lane; alert consent with double opt-in; the public list. */
export const alertsFeature: Feature = {
  contentTypes: { alert, 'alert-subscription': alertSubscription },
  services,
  controllers: { alerts: alertsController },
  routes: { admin: adminRoutes, 'content-api': contentApiRoutes },
  async register() {
    registerAlertMails();
  },
  async bootstrap({ strapi }) {
    await registerAdminActions(strapi, [{ displayName: 'Write and send urgent alerts (and see their deliveries)', uid: 'alerts.send' }]);
    await ensureIndexes(strapi, ALERT_INDEXES);
    getService(strapi, 'personalData').register(alertsSection(strapi));
    const outbox = getService(strapi, 'outbox');
    outbox.extend(['alert'], alertViewExtension(strapi));
    outbox.extend(['alert-confirm'], alertConfirmLinkExtension(strapi));
  },
};
