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
    { method: 'GET', path: '/assets/pages.css', handler: 'assets.pagesCss', config: { auth: false } },
    { method: 'GET', path: '/widgets/:file', handler: 'assets.widget', config: { auth: false } },
  ],
};
