/** Admin panel routes under /civic-dialog, for editors with the plugin's RBAC actions. */
const can = (action: string) => [{ name: 'admin::hasPermissions', config: { actions: [`plugin::civic-dialog.${action}`] } }];
const canReadProfiles = can('profiles.read');

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/profiles', handler: 'profiles.find', config: { policies: canReadProfiles } },
    { method: 'GET', path: '/profiles/:id', handler: 'profiles.findOne', config: { policies: canReadProfiles } },
    { method: 'GET', path: '/profiles/:id/export', handler: 'profiles.exportData', config: { policies: can('profiles.export') } },
    { method: 'POST', path: '/profiles/:id/erase', handler: 'profiles.erase', config: { policies: can('profiles.erase') } },
    {
      method: 'POST',
      path: '/profiles/:id/resend-confirmation',
      handler: 'profiles.resendConfirmation',
      config: { policies: can('profiles.update') },
    },
    { method: 'GET', path: '/audit-log', handler: 'profiles.auditLog', config: { policies: can('audit.read') } },
  ],
};
