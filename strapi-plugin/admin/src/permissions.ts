import { PLUGIN_ID } from './pluginId';

/** RBAC actions the server registers; the admin only hides what the server refuses anyway. */
export const PERMISSIONS = {
  readProfiles: [{ action: `plugin::${PLUGIN_ID}.profiles.read`, subject: null }],
};
