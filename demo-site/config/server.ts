export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // Public base URL of the CMS: used in mail links and by the admin panel.
  url: env('PUBLIC_URL', ''),
  logger: { updates: { enabled: false }, startup: { enabled: env.bool('STRAPI_STARTUP_BANNER', true) } },
  app: {
    keys: env.array('APP_KEYS'),
  },
});
