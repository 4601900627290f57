/**
 * Plugin configuration. The host app sets it in config/plugins.ts under `civic-dialog.config`;
 * read it with `strapi.config.get('plugin::civic-dialog')` (typed via `PluginConfig`).
 */
export interface PluginConfig {
  /** Public base URL of this Strapi (used in mail links), e.g. https://cms.musterstadt.de. Falls back to server.url. */
  publicUrl: string;
  /** Origins of the town websites that embed the widgets (CORS + Origin check on public POSTs). '*' allows any. */
  allowedOrigins: string[];
  town: {
    name: string;
    websiteUrl: string;
    privacyUrl: string;
    /** The town page with `<civic-preferences>`; manage links point here. Default `${websiteUrl}/mein-newsletter.html`. */
    preferencesUrl?: string;
  };
  tokens: {
    /** How long a double opt-in link stays valid, in seconds (default 7 days). */
    doiTtlSeconds: number;
    /** How long an unsubscribe link in a mail stays valid, in seconds (default 180 days). */
    unsubscribeTtlSeconds: number;
    /** How long a "manage my subscription" link works, in seconds (default 24 hours; reusable until then). */
    manageLinkTtlSeconds: number;
    /** How long a preference-center session lasts, in seconds (default 30 minutes). */
    sessionTtlSeconds: number;
  };
  preferences: {
    /**
     * Optional profile fields the preference center asks for (progressive profiling); default all.
     * No default in `defaults`: Strapi's defaultsDeep would merge a town's list index by index.
     */
    askedFields?: Array<'firstName' | 'postalCode' | 'district'>;
    /** A repeated manage-link request for one address within this time sends no second mail. */
    linkCooldownSeconds: number;
  };
  /** A repeated signup of the same address within this time sends no second mail. */
  signupResendCooldownSeconds: number;
  events: {
    /** Ceiling for an event's "seats per registration" (editors may set less; at most 20). */
    maxSeatsPerRegistration: number;
    /** How often the reminder job looks for due reminders, in milliseconds (0 = never; tests call it). */
    reminderIntervalMs: number;
  };
  rateLimit: {
    /** Signups per IP per window. */
    ipPoints: number;
    ipWindowSeconds: number;
    /** Signups per email address per window. */
    emailPoints: number;
    emailWindowSeconds: number;
  };
  mail: {
    from: string;
    replyTo?: string;
    smtp: {
      host: string;
      port: number;
      secure: boolean;
      user?: string;
      pass?: string;
      /** Pooled connections to the SMTP server. */
      maxConnections: number;
    };
    /** How often the outbox worker looks for queued mails, in milliseconds (0 = only when kicked). */
    pollIntervalMs: number;
    /** How many queued mails one worker claims at once. */
    batchSize: number;
    /** How often a failing mail is retried before it is marked failed. */
    maxAttempts: number;
    /** Wait before the first retry of a failed send; doubles per attempt (capped at one hour). */
    retryDelaySeconds: number;
    /** A mail claimed longer ago than this (its worker died) is queued again. */
    sendingTimeoutSeconds: number;
  };
}

const defaults: PluginConfig = {
  publicUrl: '',
  allowedOrigins: [],
  town: { name: 'Musterstadt', websiteUrl: 'http://localhost:8080', privacyUrl: 'http://localhost:8080/datenschutz.html' },
  tokens: {
    doiTtlSeconds: 7 * 24 * 3600,
    unsubscribeTtlSeconds: 180 * 24 * 3600,
    manageLinkTtlSeconds: 24 * 3600,
    sessionTtlSeconds: 30 * 60,
  },
  preferences: { linkCooldownSeconds: 600 },
  signupResendCooldownSeconds: 600,
  events: { maxSeatsPerRegistration: 10, reminderIntervalMs: 60_000 },
  rateLimit: { ipPoints: 20, ipWindowSeconds: 600, emailPoints: 5, emailWindowSeconds: 3600 },
  mail: {
    from: 'Stadt Musterstadt <newsletter@musterstadt.example>',
    smtp: { host: '127.0.0.1', port: 1025, secure: false, maxConnections: 5 },
    pollIntervalMs: 30_000,
    batchSize: 50,
    maxAttempts: 5,
    retryDelaySeconds: 60,
    sendingTimeoutSeconds: 300,
  },
};

export default {
  default: defaults,
  validator(config: PluginConfig) {
    if (!Array.isArray(config.allowedOrigins)) {
      throw new Error('civic-dialog: allowedOrigins must be an array of origins');
    }
    if (!config.mail?.smtp?.host) {
      throw new Error('civic-dialog: mail.smtp.host is required');
    }
  },
};
