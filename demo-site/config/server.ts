export default ({ env }) => {
  // How many reverse proxies (load balancer, TLS terminator) stand in front of Strapi. Each appends
  // the address it saw to X-Forwarded-For, so the client is the n-th entry from the right; entries
  // further left are whatever the client sent. 0: the header is ignored (no proxy).
  const trustedProxyHops = env.int('CIVIC_TRUSTED_PROXY_HOPS', 0);
  return {
    // Localhost unless told otherwise: the demo is not meant to be reachable from the network.
    host: env('HOST', '127.0.0.1'),
    port: env.int('PORT', 1337),
    // Public base URL of the CMS: used in mail links and by the admin panel.
    url: env('PUBLIC_URL', ''),
    proxy: { koa: trustedProxyHops > 0, maxIpsCount: trustedProxyHops },
    logger: { updates: { enabled: false }, startup: { enabled: env.bool('STRAPI_STARTUP_BANNER', true) } },
    app: {
      keys: env.array('APP_KEYS'),
    },
  };
};
