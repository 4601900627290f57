import { createHmac } from 'node:crypto';

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
        // English-speaking citizens' manage links open the English page; '' = the German one for them too.
        preferencesUrls: { en: env('TOWN_PREFERENCES_URL_EN', `${env('TOWN_WEBSITE_URL', 'http://localhost:8080').replace(/\/+$/, '')}/en/my-newsletter.html`) },
      },
      tokens: {
        doiTtlSeconds: env.int('CIVIC_DOI_TTL_SECONDS', 7 * 24 * 3600),
        manageLinkTtlSeconds: env.int('CIVIC_MANAGE_LINK_TTL_SECONDS', 24 * 3600),
        sessionTtlSeconds: env.int('CIVIC_SESSION_TTL_SECONDS', 30 * 60),
      },
      preferences: {
        askedFields: env.array('CIVIC_PREFERENCES_ASKED_FIELDS', ['firstName', 'postalCode', 'district']),
        // The pages with <civic-preferences>: the demo's "Mein Newsletter" page and its English "My newsletter" on each town origin.
        pages: env.array(
          'CIVIC_PREFERENCES_PAGES',
          env
            .array('CIVIC_ALLOWED_ORIGINS', ['http://localhost:8080'])
            .filter((origin) => origin !== '*')
            .flatMap((origin) => [`${origin}/mein-newsletter.html`, `${origin}/en/my-newsletter.html`]),
        ),
        freshLinkMinutes: env.int('CIVIC_FRESH_LINK_MINUTES', 30),
      },
      // ALTCHA bot check (proof of work, no third party) on the forms listed, e.g. CIVIC_ALTCHA_FORMS=signup,event-registration.
      altcha: {
        forms: env.array('CIVIC_ALTCHA_FORMS', []),
        hmacKey: createHmac('sha256', env.array('APP_KEYS', ['civic-dialog-demo'])[0]).update('civic-dialog altcha').digest('hex'),
        cost: env.int('CIVIC_ALTCHA_COST', 5_000),
        maxCounter: env.int('CIVIC_ALTCHA_MAX_COUNTER', 15_000),
      },
      events: { reminderIntervalMs: env.int('CIVIC_EVENT_REMINDER_INTERVAL_MS', 60_000) },
      retention: { checkIntervalMs: env.int('CIVIC_RETENTION_CHECK_INTERVAL_MS', 3_600_000) },
      // Automations: a news article published with a topic starts the trigger "entry published" ({{entry.title}}, {{entry.url}}).
      automations: {
        entryTypes: [{ uid: 'api::article.article', topicField: 'topic', titleField: 'title', url: `${env('TOWN_WEBSITE_URL', 'http://localhost:8080')}/aktuelles.html#{slug}` }],
      },
      // The town's time zone: weekday-and-hour times (wait-until steps, the digest) are its local time.
      timeZone: env('CIVIC_TIME_ZONE', 'Europe/Berlin'),
      // The weekly digest (Mondays 07:00 local time): news articles, events and surveys with a topic, to whoever follows it.
      digest: {
        enabled: env.bool('CIVIC_DIGEST_ENABLED', true),
        weekday: env.int('CIVIC_DIGEST_WEEKDAY', 1),
        hour: env.int('CIVIC_DIGEST_HOUR', 7),
        newsContentType: 'api::article.article',
        newsUrl: `${env('TOWN_WEBSITE_URL', 'http://localhost:8080')}/aktuelles.html#{slug}`,
        eventsUrl: `${env('TOWN_WEBSITE_URL', 'http://localhost:8080')}/veranstaltungen.html#{slug}`,
        surveysUrl: `${env('TOWN_WEBSITE_URL', 'http://localhost:8080')}/umfrage.html#{slug}`,
        checkIntervalMs: env.int('CIVIC_DIGEST_CHECK_INTERVAL_MS', 600_000),
      },
      rateLimit: {
        ipPoints: env.int('CIVIC_RATE_LIMIT_IP_POINTS', 20),
        ipWindowSeconds: env.int('CIVIC_RATE_LIMIT_IP_WINDOW_SECONDS', 600),
        emailPoints: env.int('CIVIC_RATE_LIMIT_EMAIL_POINTS', 5),
        emailWindowSeconds: env.int('CIVIC_RATE_LIMIT_EMAIL_WINDOW_SECONDS', 3600),
        mailCooldownSeconds: env.int('CIVIC_MAIL_COOLDOWN_SECONDS', 600),
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
        // Each lane paced on its own (0 = no limit): other mail, and the priority lane of urgent alerts.
        ratePerSecond: env.int('CIVIC_MAIL_RATE_PER_SECOND', 0),
        alertRatePerSecond: env.int('CIVIC_MAIL_ALERT_RATE_PER_SECOND', 0),
        maxAttempts: env.int('CIVIC_MAIL_MAX_ATTEMPTS', 5),
        retryDelaySeconds: env.int('CIVIC_MAIL_RETRY_DELAY_SECONDS', 60),
        // DKIM signing when a key is given (README "Bounces and complaints": the DNS records).
        dkim: env('DKIM_PRIVATE_KEY')
          ? { domainName: env('DKIM_DOMAIN', 'musterstadt.example'), keySelector: env('DKIM_SELECTOR', 'civic'), privateKey: env('DKIM_PRIVATE_KEY', '').replace(/\\n/g, '\n') }
          : null,
      },
      // Bounces and complaints: the VERP return path's domain, the webhook's secret, the bounce mailbox (IMAP).
      bounces: {
        domain: env('CIVIC_BOUNCES_DOMAIN', ''),
        webhookSecret: env('CIVIC_BOUNCES_WEBHOOK_SECRET', ''),
        softBounceLimit: env.int('CIVIC_BOUNCES_SOFT_LIMIT', 3),
        softBounceWindowDays: env.int('CIVIC_BOUNCES_SOFT_WINDOW_DAYS', 30),
        imap: {
          host: env('CIVIC_BOUNCES_IMAP_HOST', ''),
          port: env.int('CIVIC_BOUNCES_IMAP_PORT', 993),
          secure: env.bool('CIVIC_BOUNCES_IMAP_SECURE', true),
          user: env('CIVIC_BOUNCES_IMAP_USER', ''),
          pass: env('CIVIC_BOUNCES_IMAP_PASS', ''),
          mailbox: env('CIVIC_BOUNCES_IMAP_MAILBOX', 'INBOX'),
          processedMailbox: env('CIVIC_BOUNCES_IMAP_PROCESSED', 'Processed'),
          pollIntervalMs: env.int('CIVIC_BOUNCES_IMAP_POLL_MS', 300_000),
        },
      },
      // The SMS channel: off unless CIVIC_SMS_ENABLED; the demo (pnpm start) and the tests point the generic HTTP provider at the local gateway (scripts/lib/sms-gateway.mjs).
      sms: {
        enabled: env.bool('CIVIC_SMS_ENABLED', false),
        provider: env('CIVIC_SMS_PROVIDER', 'http'),
        from: env('CIVIC_SMS_FROM', 'Musterstadt'),
        http: { url: env('CIVIC_SMS_HTTP_URL', 'http://127.0.0.1:1090/messages') },
        twilio: { accountSid: env('TWILIO_ACCOUNT_SID', ''), authToken: env('TWILIO_AUTH_TOKEN', ''), messagingServiceSid: env('TWILIO_MESSAGING_SERVICE_SID', '') },
        ratePerSecond: env.int('CIVIC_SMS_RATE_PER_SECOND', 10),
        alertRatePerSecond: env.int('CIVIC_SMS_ALERT_RATE_PER_SECOND', 50),
        maxAttempts: env.int('CIVIC_SMS_MAX_ATTEMPTS', 3),
        retryDelaySeconds: env.int('CIVIC_SMS_RETRY_DELAY_SECONDS', 30),
        pollIntervalMs: env.int('CIVIC_SMS_POLL_MS', 10_000),
        webhookSecret: env('CIVIC_SMS_WEBHOOK_SECRET', ''),
        codesPerNumber: env.int('CIVIC_SMS_CODES_PER_NUMBER', 3),
      },
      // web: requests only; worker: sends newsletters only; both (default).
      role: env('CIVIC_ROLE', 'both'),
      newsletters: {
        contentSources: [
          { uid: 'api::article.article', title: 'title', summary: 'summary', image: 'image', url: `${env('TOWN_WEBSITE_URL', 'http://localhost:8080')}/aktuelles.html#{slug}` },
        ],
        requireApproval: env.bool('CIVIC_NEWSLETTER_REQUIRE_APPROVAL', false),
        ratePerSecond: env.int('CIVIC_NEWSLETTER_RATE_PER_SECOND', 0),
        ratePerHour: env.int('CIVIC_NEWSLETTER_RATE_PER_HOUR', 0),
        maxConsecutiveFailures: env.int('CIVIC_NEWSLETTER_MAX_CONSECUTIVE_FAILURES', 10),
        autoResumeSeconds: env.int('CIVIC_NEWSLETTER_AUTO_RESUME_SECONDS', 300),
        batchSize: env.int('CIVIC_NEWSLETTER_BATCH_SIZE', 200),
        pollIntervalMs: env.int('CIVIC_NEWSLETTER_POLL_MS', 5000),
        retryDelaySeconds: env.int('CIVIC_NEWSLETTER_RETRY_DELAY_SECONDS', 30),
        sendingTimeoutSeconds: env.int('CIVIC_NEWSLETTER_SENDING_TIMEOUT_SECONDS', 300),
        staleScheduleMinutes: env.int('CIVIC_NEWSLETTER_STALE_SCHEDULE_MINUTES', 60),
      },
    },
  },
});
