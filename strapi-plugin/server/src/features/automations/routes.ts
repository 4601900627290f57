import type { Route } from '../../kernel/feature';
import { can } from '../../kernel/http/routes';

/** Admin: an automation's figures, a person's automations (the 360° view's timeline), the trigger form's content types. */
export const admin: Route[] = [
  { method: 'GET', path: '/automations/entry-types', handler: 'automationsAdmin.entryTypes', config: { policies: can('automations.read') } },
  { method: 'GET', path: '/automations/:id/stats', handler: 'automationsAdmin.stats', config: { policies: can('automations.read') } },
  { method: 'GET', path: '/profiles/:id/automation-timeline', handler: 'automationsAdmin.timeline', config: { policies: can('profiles.read') } },
];
