/** The routes the town's websites call from the browser: the widgets' public API of the plugin. */
const PUBLIC_PREFIX = '/api/civic-dialog/';

export default ({ env }) => {
  // The town websites that embed the widgets; the plugin reads the same list (config/plugins.ts).
  const allowedOrigins: string[] = env.array('CIVIC_ALLOWED_ORIGINS', ['http://localhost:8080']);
  return [
    'strapi::logger',
    'strapi::errors',
    'strapi::security',
    {
      // CORS only on the plugin's public routes, and never with credentials: the widgets send bearer
      // tokens, not cookies, so a script on a town page can never read the admin panel's answers.
      name: 'strapi::cors',
      config: {
        origin: (ctx: { path: string }) => (ctx.path.startsWith(PUBLIC_PREFIX) ? allowedOrigins : []),
        credentials: false,
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
        headers: ['Content-Type', 'Authorization', 'Origin', 'Accept'],
        keepHeaderOnError: true,
      },
    },
    'strapi::poweredBy',
    'strapi::query',
    'strapi::body',
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
  ];
};
