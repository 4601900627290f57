export default ({ env }) => ({
  'civic-dialog': {
    enabled: true,
    config: {
      publicUrl: env('PUBLIC_URL', ''),
      allowedOrigins: env.array('CIVIC_ALLOWED_ORIGINS', ['http://localhost:8080']),
      town: {
        name: env('TOWN_NAME', 'Musterstadt'),
        websiteUrl: env('TOWN_WEBSITE_URL', 'http://localhost:8080'),
        privacyUrl: env('TOWN_PRIVACY_URL', 'http://localhost:8080/datenschutz.html'),
        preferencesUrl: env('TOWN_PREFERENCES_URL', ''),
      },
      tokens: {
        doiTtlSeconds: env.int('CIVIC_DOI_TTL_SECONDS', 7 * 24 * 3600),
        unsubscribeTtlSeconds: env.int('CIVIC_UNSUBSCRIBE_TTL_SECONDS', 180 * 24 * 3600),
        manageLinkTtlSeconds: env.int('CIVIC_MANAGE_LINK_TTL_SECONDS', 24 * 3600),
        sessionTtlSeconds: env.int('CIVIC_SESSION_TTL_SECONDS', 30 * 60),
      },
      preferences: {
        askedFields: env.array('CIVIC_PREFERENCES_ASKED_FIELDS', ['firstName', 'postalCode', 'district']),
        linkCooldownSeconds: env.int('CIVIC_MANAGE_LINK_COOLDOWN_SECONDS', 600),
      },
      signupResendCooldownSeconds: env.int('CIVIC_SIGNUP_RESEND_COOLDOWN_SECONDS', 600),
      rateLimit: {
        ipPoints: env.int('CIVIC_RATE_LIMIT_IP_POINTS', 20),
        ipWindowSeconds: env.int('CIVIC_RATE_LIMIT_IP_WINDOW_SECONDS', 600),
        emailPoints: env.int('CIVIC_RATE_LIMIT_EMAIL_POINTS', 5),
        emailWindowSeconds: env.int('CIVIC_RATE_LIMIT_EMAIL_WINDOW_SECONDS', 3600),
      },
      mail: {
        from: env('MAIL_FROM', 'Stadt Musterstadt <newsletter@musterstadt.example>'),
        replyTo: env('MAIL_REPLY_TO'),
        smtp: {
          host: env('SMTP_HOST', '127.0.0.1'),
          port: env.int('SMTP_PORT', 1025),
          secure: env.bool('SMTP_SECURE', false),
          user: env('SMTP_USER'),
          pass: env('SMTP_PASS'),
          maxConnections: env.int('SMTP_MAX_CONNECTIONS', 5),
        },
        pollIntervalMs: env.int('CIVIC_MAIL_POLL_MS', 30_000),
        batchSize: env.int('CIVIC_MAIL_BATCH_SIZE', 50),
        maxAttempts: env.int('CIVIC_MAIL_MAX_ATTEMPTS', 5),
      },
    },
  },
});
