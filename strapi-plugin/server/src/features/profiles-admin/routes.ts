import type { Route } from '../../kernel/feature';
import { can } from '../../kernel/http/routes';

/** Admin panel routes under /civic-dialog, for editors with the plugin's RBAC actions. */
export const admin: Route[] = [
  { method: 'GET', path: '/profiles', handler: 'profiles.find', config: { policies: can('profiles.read') } },
  { method: 'GET', path: '/profiles/:id', handler: 'profiles.findOne', config: { policies: can('profiles.read') } },
  { method: 'GET', path: '/profiles/:id/export', handler: 'profiles.exportData', config: { policies: can('profiles.export') } },
  { method: 'POST', path: '/profiles/:id/erase', handler: 'profiles.erase', config: { policies: can('profiles.erase') } },
  {
    method: 'POST',
    path: '/profiles/:id/resend-confirmation',
    handler: 'profiles.resendConfirmation',
    config: { policies: can('profiles.update') },
  },
  { method: 'GET', path: '/audit-log', handler: 'profiles.auditLog', config: { policies: can('audit.read') } },
];
