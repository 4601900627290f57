import config from './kernel/config';
import { mergeFeatures } from './kernel/feature';
import { kernel } from './kernel';
import { shared } from './shared';
import { subscriptions } from './features/subscriptions';
import { preferencesFeature } from './features/preferences';
import { profilesAdmin } from './features/profiles-admin';
import { surveysFeature } from './features/surveys';
import { eventsFeature } from './features/events';
import { newslettersFeature } from './features/newsletters';
import { botProtectionFeature } from './features/bot-protection';
import { retentionFeature } from './features/retention';
import { bouncesFeature } from './features/bounces';
import { smsFeature } from './features/sms';
import { digestFeature } from './features/digest';
import { alertsFeature } from './features/alerts';
import { automationsFeature } from './features/automations';

/**
 * The plugin: the shared layer and the features, merged (bootstrap in this order, destroy reversed).
 * A new feature is one folder under features/ and one entry here (see docs/architecture.md).
 */
export default {
  config,
  ...mergeFeatures([shared, subscriptions, preferencesFeature, profilesAdmin, surveysFeature, eventsFeature, newslettersFeature, botProtectionFeature, retentionFeature, bouncesFeature, smsFeature, alertsFeature, digestFeature, automationsFeature, kernel]),
};
