/** Admin panel routes under /civic-dialog, for editors with the plugin's RBAC actions. */
const can = (action: string) => [{ name: 'admin::hasPermissions', config: { actions: [`plugin::civic-dialog.${action}`] } }];
const canReadProfiles = can('profiles.read');
const canReadSurveys = [
  { name: 'admin::hasPermissions', config: { actions: ['plugin::civic-dialog.surveys.read'] } },
];

const canReadEvents = [{ name: 'admin::hasPermissions', config: { actions: ['plugin::civic-dialog.events.read'] } }];
const canManageEvents = [{ name: 'admin::hasPermissions', config: { actions: ['plugin::civic-dialog.events.manage'] } }];
// 404/409 of the registrations page keep their status (see middlewares/public-errors).
const eventRoute = (method: string, path: string, handler: string, policies: unknown[]) => ({
  method,
  path,
  handler,
  config: { policies, middlewares: ['plugin::civic-dialog.public-errors'] },
});

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/profiles', handler: 'profiles.find', config: { policies: canReadProfiles } },
    { method: 'GET', path: '/profiles/:id', handler: 'profiles.findOne', config: { policies: canReadProfiles } },
    eventRoute('GET', '/events-admin', 'eventsAdmin.find', canReadEvents),
    eventRoute('GET', '/events-admin/:id/registrations', 'eventsAdmin.registrations', canReadEvents),
    eventRoute('GET', '/events-admin/:id/registrations.csv', 'eventsAdmin.csv', canReadEvents),
    eventRoute('PUT', '/event-registrations/:id/attendance', 'eventsAdmin.checkIn', canManageEvents),
    eventRoute('POST', '/event-registrations/:id/promote', 'eventsAdmin.promote', canManageEvents),
    { method: 'GET', path: '/surveys-admin', handler: 'surveysAdmin.find', config: { policies: canReadSurveys } },
    { method: 'GET', path: '/surveys-admin/:id/results', handler: 'surveysAdmin.results', config: { policies: canReadSurveys } },
    { method: 'GET', path: '/surveys-admin/:id/responses.csv', handler: 'surveysAdmin.csv', config: { policies: canReadSurveys } },
    { method: 'GET', path: '/surveys-admin/:id/free-text/:questionId', handler: 'surveysAdmin.freeText', config: { policies: canReadSurveys } },
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
