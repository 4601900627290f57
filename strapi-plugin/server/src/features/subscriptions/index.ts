import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import topic from './content-types/topic';
import subscription from './content-types/subscription';
import catalog from './services/catalog';
import signup from './services/signup';
import mailLinks from './services/mail-links';
import subscriptionStats from './services/stats';
import catalogController from './controllers/catalog';
import signupController from './controllers/signup';
import mailLinksController from './controllers/mail-links';
import statsController from './controllers/stats';
import { admin, contentApi } from './routes';
import { getService } from '../../kernel/services';
import { ensureIndexes } from '../../kernel/db';
import { SUBSCRIPTION_INDEXES } from './indexes';
import { subscriptionsSection } from './personal-data';
import { doiLinkExtension, registerSubscriptionMails, topicNamesExtension, unsubscribeLinkExtension } from './mails/extension';

// Other features read these tables (newsletters, preferences, profiles-admin, retention).
export { SUBSCRIPTIONS_TABLE, SUBSCRIPTIONS_UID } from './tables';

// The public face of this feature for other features (they import only this file).
export { topicName, toPublicTopic } from './services/catalog';
export type { SignupPlan } from './services/signup';
export type { SubscriptionStatsService } from './services/stats';
export { topicRows, subscriptionRows, type TopicRow, type SubscriptionRow } from './rows';
// Bulk mails of other features (the weekly digest) carry the same one-click unsubscribe link.
export { unsubscribeLinkExtension } from './mails/extension';

const services = { catalog, signup, mailLinks, subscriptionStats };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/** Topics, double opt-in signup, confirm and unsubscribe links, their mails, and subscriber figures per week. */
export const subscriptions: Feature = {
  contentTypes: { topic, subscription },
  services,
  controllers: { catalog: catalogController, signup: signupController, mailLinks: mailLinksController, subscriptionStats: statsController },
  routes: { 'content-api': contentApi, admin },
  async register() {
    registerSubscriptionMails();
  },
  async bootstrap({ strapi }) {
    await ensureIndexes(strapi, SUBSCRIPTION_INDEXES);
    getService(strapi, 'personalData').register(subscriptionsSection(strapi));
    const outbox = getService(strapi, 'outbox');
    outbox.extend('all', topicNamesExtension(strapi));
    outbox.extend(['doi'], doiLinkExtension(strapi));
    outbox.extend(['welcome', 'newsletter'], unsubscribeLinkExtension(strapi));
  },
};
