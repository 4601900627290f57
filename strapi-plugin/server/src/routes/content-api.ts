/** Public routes for the widgets and mail links, under /api/civic-dialog. No auth: tokens and limits guard them. */
const errorsFirst = 'plugin::civic-dialog.public-errors';
const guard = (config: { json?: boolean; checkOrigin?: boolean }) => ({ name: 'plugin::civic-dialog.request-guard', config });

export default {
  type: 'content-api',
  routes: [
    {
      method: 'POST',
      path: '/signups',
      handler: 'signup.create',
      config: {
        auth: false,
        middlewares: [errorsFirst, guard({ json: true, checkOrigin: true }), 'plugin::civic-dialog.signup-rate-limit'],
      },
    },
    { method: 'GET', path: '/confirm', handler: 'mailLinks.confirmPage', config: { auth: false, middlewares: [errorsFirst] } },
    {
      method: 'POST',
      path: '/confirm',
      handler: 'mailLinks.confirm',
      // No origin check on mail-link posts: the 256-bit token is the authorisation (see README).
      config: { auth: false, middlewares: [errorsFirst, guard({})] },
    },
    { method: 'GET', path: '/unsubscribe', handler: 'mailLinks.unsubscribePage', config: { auth: false, middlewares: [errorsFirst] } },
    {
      method: 'POST',
      path: '/unsubscribe',
      handler: 'mailLinks.unsubscribe',
      config: { auth: false, middlewares: [errorsFirst, guard({})] },
    },
    { method: 'GET', path: '/topics', handler: 'catalog.topics', config: { auth: false, middlewares: [errorsFirst] } },
    {
      method: 'GET',
      path: '/legal-texts/current',
      handler: 'catalog.currentLegalText',
      config: { auth: false, middlewares: [errorsFirst] },
    },
    // Preference center: link and session are public (token- and rate-limited); the rest needs a session.
    {
      method: 'POST',
      path: '/preferences/link',
      handler: 'preferences.requestLink',
      config: {
        auth: false,
        middlewares: [
          errorsFirst,
          guard({ json: true, checkOrigin: true }),
          { name: 'plugin::civic-dialog.signup-rate-limit', config: { bucket: 'manage-link' } },
        ],
      },
    },
    {
      method: 'POST',
      path: '/preferences/session',
      handler: 'preferences.openSession',
      config: { auth: false, middlewares: [errorsFirst, guard({ json: true, checkOrigin: true })] },
    },
    ...(
      [
        ['GET', '/preferences', 'find', false],
        ['PATCH', '/preferences/profile', 'updateProfile', true],
        ['PUT', '/preferences/subscriptions', 'updateSubscriptions', true],
        ['POST', '/preferences/unsubscribe-all', 'unsubscribeAll', false],
        ['GET', '/preferences/export', 'exportData', false],
        ['POST', '/preferences/erase', 'erase', true],
      ] as const
    ).map(([method, path, action, json]) => ({
      method,
      path,
      handler: `preferences.${action}`,
      config: {
        auth: false,
        middlewares: [errorsFirst, guard({ json, checkOrigin: method !== 'GET' }), 'plugin::civic-dialog.citizen-session'],
      },
    })),
    // Surveys: the citizen's view, anonymous participation tokens, responses, the mail link of identified surveys.
    { method: 'GET', path: '/surveys/:slug', handler: 'surveys.findOne', config: { auth: false, middlewares: [errorsFirst] } },
    { method: 'GET', path: '/surveys/:slug/results', handler: 'surveys.results', config: { auth: false, middlewares: [errorsFirst] } },
    {
      method: 'POST',
      path: '/surveys/:slug/participations',
      handler: 'surveys.participate',
      config: { auth: false, middlewares: [errorsFirst, guard({ checkOrigin: true }), 'plugin::civic-dialog.survey-rate-limit'] },
    },
    {
      method: 'POST',
      path: '/surveys/:slug/responses',
      handler: 'surveys.respond',
      config: { auth: false, middlewares: [errorsFirst, guard({ json: true, checkOrigin: true }), 'plugin::civic-dialog.survey-rate-limit'] },
    },
    { method: 'GET', path: '/survey-confirm', handler: 'surveys.confirmPage', config: { auth: false, middlewares: [errorsFirst] } },
    {
      method: 'POST',
      path: '/survey-confirm',
      handler: 'surveys.confirm',
      config: { auth: false, middlewares: [errorsFirst, guard({})] },
    },
    // Events: the public list and form; the confirm and cancel links of the mails (GET shows a button, POST acts).
    { method: 'GET', path: '/events', handler: 'events.list', config: { auth: false, middlewares: [errorsFirst] } },
    { method: 'GET', path: '/events/:slug', handler: 'events.findOne', config: { auth: false, middlewares: [errorsFirst] } },
    {
      method: 'POST',
      path: '/events/:slug/registrations',
      handler: 'events.register',
      config: {
        auth: false,
        middlewares: [errorsFirst, guard({ json: true, checkOrigin: true }), 'plugin::civic-dialog.signup-rate-limit'],
      },
    },
    { method: 'GET', path: '/event-confirm', handler: 'events.confirmPage', config: { auth: false, middlewares: [errorsFirst] } },
    { method: 'POST', path: '/event-confirm', handler: 'events.confirm', config: { auth: false, middlewares: [errorsFirst, guard({})] } },
    { method: 'GET', path: '/event-cancel', handler: 'events.cancelPage', config: { auth: false, middlewares: [errorsFirst] } },
    { method: 'POST', path: '/event-cancel', handler: 'events.cancel', config: { auth: false, middlewares: [errorsFirst, guard({})] } },
    { method: 'GET', path: '/assets/pages.css', handler: 'assets.pagesCss', config: { auth: false } },
    { method: 'GET', path: '/widgets/:file', handler: 'assets.widget', config: { auth: false } },
  ],
};
