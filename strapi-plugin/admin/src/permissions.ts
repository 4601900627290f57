import { PLUGIN_ID } from './pluginId';

const action = (name: string) => [{ action: `plugin::${PLUGIN_ID}.${name}`, subject: null }];

/** RBAC actions the server registers; the admin only hides what the server refuses anyway. */
export const PERMISSIONS = {
  readProfiles: action('profiles.read'),
  exportProfiles: action('profiles.export'),
  eraseProfiles: action('profiles.erase'),
  updateProfiles: action('profiles.update'),
  readAuditLog: action('audit.read'),
  readEvents: action('events.read'),
  manageEvents: action('events.manage'),
  readSurveys: action('surveys.read'),
  readNewsletters: action('newsletters.read'),
  sendNewsletters: action('newsletters.send'),
  liftSuppressions: action('bounces.lift'),
  sendAlerts: action('alerts.send'),
};
