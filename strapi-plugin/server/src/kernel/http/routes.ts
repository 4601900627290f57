import { PLUGIN_ID } from '../constants';
import type { Strapi } from '../types';

/** First middleware of every public route: this plugin's 404/410/415 keep their status (see public-errors). */
export const PUBLIC_ERRORS = `plugin::${PLUGIN_ID}.public-errors`;

/** Body size, media type and origin checks of a public POST (see request-guard). */
export const guard = (config: { json?: boolean; checkOrigin?: boolean }) => ({ name: `plugin::${PLUGIN_ID}.request-guard`, config });

/**
 * ALTCHA bot check of a public form (features/bot-protection): verifies the body's `altcha` payload
 * when the plugin config lists the form under altcha.forms, and takes the field out of the body.
 */
export const botCheck = (form: string) => ({ name: `plugin::${PLUGIN_ID}.altcha-check`, config: { form } });

/** Admin route policy: the editor needs this plugin's RBAC action, e.g. `can('events.read')`. */
export const can = (action: string) => [{ name: 'admin::hasPermissions', config: { actions: [`plugin::${PLUGIN_ID}.${action}`] } }];

/** An admin action a feature registers with Strapi's RBAC (Settings → Roles). */
export interface AdminAction {
  uid: string;
  displayName: string;
}

/** Registers a feature's admin actions (bootstrap); routes then check them with `can(uid)`. */
export async function registerAdminActions(strapi: Strapi, actions: AdminAction[]): Promise<void> {
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany(actions.map((action) => ({ section: 'plugins', pluginName: PLUGIN_ID, ...action })));
}
