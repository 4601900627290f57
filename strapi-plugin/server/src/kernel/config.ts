import { LOCALES, type Locale } from '@civic-dialog/contracts';
import { isTimeZone } from './time';

/** Whether a configured page is an absolute http(s) URL. */
const isPageUrl = (value: unknown): boolean => {
  try {
    return typeof value === 'string' && ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** The public forms ALTCHA can protect (config altcha.forms). */
export const ALTCHA_FORMS = ['signup', 'event-registration', 'survey-response', 'survey-participation', 'manage-link', 'alert-signup'] as const;
export type AltchaForm = (typeof ALTCHA_FORMS)[number];

/**
 * Plugin configuration. The host app sets it in config/plugins.ts under `civic-dialog.config`;
 * read it with `strapi.config.get('plugin::civic-dialog')` (typed via `PluginConfig`).
 */
export interface PluginConfig {
  /** Public base URL of this Strapi (used in mail links), e.g. https://cms.musterstadt.de. Falls back to server.url. */
  publicUrl: string;
  /** Origins of the town websites that embed the widgets (CORS + Origin check on public POSTs). '*' allows any. */
  allowedOrigins: string[];
  /**
   * The town's IANA time zone (default Europe/Berlin): weekday-and-hour times (the automation step
   * "wait until a weekday and hour", the digest's weekday and hour) and the dashboard's weeks are
   * its local time, daylight saving included.
   */
  timeZone: string;
  town: {
    name: string;
    websiteUrl: string;
    privacyUrl: string;
    /** The town page with `<civic-preferences>`; manage links point here. Default `${websiteUrl}/mein-newsletter.html`. */
    preferencesUrl?: string;
    /**
     * A preference page per language (e.g. `{ en: 'https://…/en/my-newsletter' }`): a citizen's manage
     * links open the page of their language; a language without one gets preferencesUrl.
     */
    preferencesUrls?: Partial<Record<Locale, string>>;
  };
  tokens: {
    /** How long a double opt-in link stays valid, in seconds (default 7 days). */
    doiTtlSeconds: number;
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
    /**
     * The pages (full URLs) that embed `<civic-preferences>`. A requested manage link returns to the
     * one it was asked on when it is listed here, else to town.preferencesUrl: never to any other
     * page of an allowed origin. No default (see askedFields); town.preferencesUrl is always allowed.
     */
    pages?: string[];
    /**
     * Erasure and export need a manage link requested by mail at most this many minutes ago (default
     * 30): a link in a forwarded or old newsletter opens the preference center, but cannot erase.
     */
    freshLinkMinutes: number;
  };
  /**
   * ALTCHA bot protection (self-hosted proof of work): the forms listed must carry a solved challenge
   * from GET /api/civic-dialog/altcha/challenge. Off when `forms` is empty (the honeypot always works).
   */
  altcha: {
    forms?: AltchaForm[];
    /** The HMAC key challenges are signed with; the host app derives it from APP_KEYS. Required when forms are listed. */
    hmacKey?: string;
    /** PBKDF2 iterations per try (default 5,000). */
    cost: number;
    /** The secret counter is drawn from [0, maxCounter), the solver counts from 0: a citizen needs maxCounter/2 tries on average (default 15,000: 7,500 on average). */
    maxCounter: number;
    /** How long a challenge may be solved and used, in seconds (default 10 minutes). */
    expiresInSeconds: number;
  };
  events: {
    /** Ceiling for an event's "seats per registration" (editors may set less; at most 20). */
    maxSeatsPerRegistration: number;
    /** How often the reminder job looks for due reminders, in milliseconds (0 = never; tests call it). */
    reminderIntervalMs: number;
  };
  rateLimit: {
    /** Requests per client (IP; IPv6 by /64) per window, for each public form (429 beyond). */
    ipPoints: number;
    ipWindowSeconds: number;
    /** Mails per mailbox per window, all forms together (beyond: the request is answered alike, no mail). */
    emailPoints: number;
    emailWindowSeconds: number;
    /** A form mails the same mailbox (about the same event or survey) at most once within this time. */
    mailCooldownSeconds: number;
  };
  /**
   * Storage limitation (Art. 5(1)(e) GDPR): how long what is no longer needed stays before the
   * daily retention job deletes it (features/retention; every rule and its legal reason in README).
   */
  retention: {
    /** How often each instance checks whether today's run is done, in milliseconds (0 = never; tests call runOnce). */
    checkIntervalMs: number;
    /** Rows (or profiles) per statement and transaction: each batch is one short transaction. */
    batchSize: number;
    /** Days after a confirmation link expired before what was never confirmed goes (profiles, their pending consents, registrations, survey answers). */
    pendingGraceDays: number;
    /** Days after a token expired or was used before its row goes (a second click still hears "already used"). */
    tokenGraceDays: number;
    /** Days after an event ended before its registrations go. */
    registrationDaysAfterEvent: number;
    /** Days after which a mail row keeps only that it was sent (kind, status, times): address, subject, data and errors go. */
    mailDays: number;
    /** Months after which a consent's IP hash and browser string go (the proof stays). */
    consentNetworkMonths: number;
    /** Years the audit log is kept. */
    auditYears: number;
  };
  /**
   * The SMS channel (features/sms; README "SMS channel"): off until a town switches it on and names a
   * provider. `http` drives most German gateways (URL, method, headers, a body template with
   * {{to}} {{text}} {{id}} {{from}}); `twilio` uses Twilio's official SDK.
   */
  sms: {
    enabled: boolean;
    provider: 'http' | 'twilio';
    /** Sender name or number shown to the citizen ({{from}}). */
    from: string;
    http: {
      url: string;
      method: 'POST' | 'PUT' | 'GET';
      /** No default in `defaults` (defaultsDeep would merge a town's object into it); none = only Content-Type. */
      headers?: Record<string, string>;
      /** The request body; {{to}} {{text}} {{id}} {{from}} are replaced (JSON-escaped when contentType is JSON, URL-encoded otherwise). */
      body: string;
      contentType: string;
      /** The field of the gateway's JSON answer holding its message id (dotted path); '' = our row id is the id. */
      idField: string;
      /** Milliseconds before a request counts as failed (and is retried). */
      timeoutMs: number;
    };
    twilio: { accountSid: string; authToken: string; messagingServiceSid: string };
    /** Texts per second (all instances of one process each; normal lane), and the alert lane's own budget. */
    ratePerSecond: number;
    alertRatePerSecond: number;
    /** How many queued texts one worker claims at once. */
    batchSize: number;
    /** Sends of one text before it is marked failed; the wait doubles from retryDelaySeconds. */
    maxAttempts: number;
    retryDelaySeconds: number;
    /** How often the worker looks for due texts, in milliseconds (0 = only when kicked). */
    pollIntervalMs: number;
    /** A text claimed longer ago than this (its worker died) is queued again. */
    sendingTimeoutSeconds: number;
    /** Shared secret of the inbound and delivery-report webhooks (Bearer, ?secret=, or Twilio's signature); '' = webhooks off. */
    webhookSecret: string;
    /** Replies that withdraw every SMS consent (case-insensitive, whole message). No default here (arrays merge index-wise): STOP, STOPP, ABMELDEN, ENDE. */
    stopKeywords?: string[];
    /** Phone verification: code lifetime, wrong codes allowed, codes per number per window. */
    codeTtlSeconds: number;
    codeMaxTries: number;
    codesPerNumber: number;
    codesPerNumberWindowSeconds: number;
    /** Region of numbers typed without +country (ISO 3166 alpha-2). */
    defaultRegion: string;
  };
  /**
   * Automations (features/automations): the content types whose entries start the trigger
   * "entry published" when they are published with a topic (their followers enter, the entry is
   * the subject: {{entry.title}}, {{entry.url}}).
   */
  automations: {
    entryTypes: Array<{
      /** Content type uid, e.g. "api::article.article" (draft and publish on). */
      uid: string;
      /** Its relation to plugin::civic-dialog.topic. */
      topicField: string;
      /** The field {{entry.title}} shows. */
      titleField: string;
      /** {{entry.url}}: a full URL with {field} placeholders, e.g. "https://musterstadt.de/aktuelles.html#{slug}". */
      url: string;
    }>;
  };
  /**
   * The weekly digest (features/digest): each citizen one mail with the new news, events and surveys
   * on their topics, or none when nothing is new. Off until the town switches it on.
   */
  digest: {
    enabled: boolean;
    /** ISO weekday it goes out: 1 = Monday … 7 = Sunday (in timeZone). */
    weekday: number;
    /** Hour of that day (0–23, local time in timeZone) from which the week's digest is due. */
    hour: number;
    /** uid of the town's news content type (with a `topic` relation to plugin::civic-dialog.topic); '' = no news in the digest. */
    newsContentType: string;
    /** Links of the entries, `{slug}` replaced by the entry's slug; '' = the town website. */
    newsUrl: string;
    eventsUrl: string;
    surveysUrl: string;
    /** How often each instance checks whether this week's digest is due and not yet done, in milliseconds (0 = never; tests call runOnce). */
    checkIntervalMs: number;
    /** Profiles per selection transaction. */
    batchSize: number;
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
    /**
     * Mails per second this process hands to SMTP (0 = as fast as the pool goes), and the priority
     * lane's own budget (urgent alerts, priority > 0): each lane is paced on its own, as sms is, so
     * alerts never wait for the other mail's budget. Newsletters have theirs (newsletters.ratePerSecond).
     */
    ratePerSecond: number;
    alertRatePerSecond: number;
    /** How often a failing mail is retried before it is marked failed. */
    maxAttempts: number;
    /** Wait before the first retry of a failed send; doubles per attempt (capped at one hour). */
    retryDelaySeconds: number;
    /** A mail claimed longer ago than this (its worker died) is queued again. */
    sendingTimeoutSeconds: number;
    /** DKIM signing of every mail (nodemailer's dkim option); unset = unsigned. README "Bounces and complaints". */
    dkim?: { domainName: string; keySelector: string; privateKey: string } | null;
  };
  /** Bounces and complaints (features/bounces; README "Bounces and complaints"). */
  bounces: {
    /** The domain of the VERP return path `bounces+<ref>@<domain>`; empty = no VERP (bounces go to From). */
    domain: string;
    /** The local part before `+`. */
    localPart: string;
    /** Shared secret of POST /api/civic-dialog/bounces/webhook (Bearer, or the password of Basic auth); empty = webhook off. */
    webhookSecret: string;
    /** Soft bounces of one address within softBounceWindowDays that suppress it. */
    softBounceLimit: number;
    softBounceWindowDays: number;
    /** The mailbox the bounce reports arrive in, read over IMAP; host empty = not read. */
    imap: {
      host: string;
      port: number;
      secure: boolean;
      user: string;
      pass: string;
      mailbox: string;
      /** Read reports are moved here (created when missing); empty = they stay, flagged Seen. */
      processedMailbox: string;
      /** How often the mailbox is read, in milliseconds (0 = only when called). */
      pollIntervalMs: number;
    };
  };
}

const defaults: PluginConfig = {
  publicUrl: '',
  allowedOrigins: [],
  timeZone: 'Europe/Berlin',
  town: { name: 'Musterstadt', websiteUrl: 'http://localhost:8080', privacyUrl: 'http://localhost:8080/datenschutz.html' },
  tokens: {
    doiTtlSeconds: 7 * 24 * 3600,
    manageLinkTtlSeconds: 24 * 3600,
    sessionTtlSeconds: 30 * 60,
  },
  preferences: { freshLinkMinutes: 30 },
  altcha: { cost: 5_000, maxCounter: 15_000, expiresInSeconds: 600 },
  events: { maxSeatsPerRegistration: 10, reminderIntervalMs: 60_000 },
  rateLimit: { ipPoints: 20, ipWindowSeconds: 600, emailPoints: 5, emailWindowSeconds: 3600, mailCooldownSeconds: 600 },
  retention: {
    checkIntervalMs: 3_600_000,
    batchSize: 1_000,
    pendingGraceDays: 7,
    tokenGraceDays: 7,
    registrationDaysAfterEvent: 30,
    mailDays: 90,
    consentNetworkMonths: 6,
    auditYears: 3,
  },
  sms: {
    enabled: false,
    provider: 'http',
    from: 'Musterstadt',
    http: { url: '', method: 'POST', body: '{"to":"{{to}}","text":"{{text}}","id":"{{id}}","from":"{{from}}"}', contentType: 'application/json', idField: 'id', timeoutMs: 10_000 },
    twilio: { accountSid: '', authToken: '', messagingServiceSid: '' },
    ratePerSecond: 10,
    alertRatePerSecond: 50,
    batchSize: 50,
    maxAttempts: 3,
    retryDelaySeconds: 30,
    pollIntervalMs: 10_000,
    sendingTimeoutSeconds: 300,
    webhookSecret: '',
    codeTtlSeconds: 600,
    codeMaxTries: 5,
    codesPerNumber: 3,
    codesPerNumberWindowSeconds: 3600,
    defaultRegion: 'DE',
  },
  automations: { entryTypes: [] },
  digest: { enabled: false, weekday: 1, hour: 7, newsContentType: '', newsUrl: '', eventsUrl: '', surveysUrl: '', checkIntervalMs: 600_000, batchSize: 5_000 },
  mail: {
    from: 'Stadt Musterstadt <newsletter@musterstadt.example>',
    smtp: { host: '127.0.0.1', port: 1025, secure: false, maxConnections: 5 },
    pollIntervalMs: 30_000,
    batchSize: 50,
    ratePerSecond: 0,
    alertRatePerSecond: 0,
    maxAttempts: 5,
    retryDelaySeconds: 60,
    sendingTimeoutSeconds: 300,
    dkim: null,
  },
  bounces: {
    domain: '',
    localPart: 'bounces',
    webhookSecret: '',
    softBounceLimit: 3,
    softBounceWindowDays: 30,
    imap: { host: '', port: 993, secure: true, user: '', pass: '', mailbox: 'INBOX', processedMailbox: 'Processed', pollIntervalMs: 300_000 },
  },
};

export default {
  default: defaults,
  validator(config: PluginConfig) {
    if (!Array.isArray(config.allowedOrigins)) {
      throw new Error('civic-dialog: allowedOrigins must be an array of origins');
    }
    if (!isTimeZone(config.timeZone)) throw new Error(`civic-dialog: timeZone must be an IANA time zone such as "Europe/Berlin", got "${String(config.timeZone)}"`);
    const { preferencesUrl, preferencesUrls } = config.town ?? ({} as PluginConfig['town']);
    if (preferencesUrl && !isPageUrl(preferencesUrl)) {
      throw new Error(`civic-dialog: town.preferencesUrl must be a full http(s) URL, got "${preferencesUrl}"`);
    }
    if (preferencesUrls !== undefined && (typeof preferencesUrls !== 'object' || preferencesUrls === null || Array.isArray(preferencesUrls))) {
      throw new Error('civic-dialog: town.preferencesUrls must be an object of language → page URL, e.g. { en: "https://…/en/my-newsletter" }');
    }
    for (const [lang, url] of Object.entries(preferencesUrls ?? {})) {
      if (!(LOCALES as readonly string[]).includes(lang)) {
        throw new Error(`civic-dialog: town.preferencesUrls names the language "${lang}"; known languages: ${LOCALES.join(', ')}`);
      }
      // An empty value (an unset environment variable) means "no page of its own".
      if (url && !isPageUrl(url)) throw new Error(`civic-dialog: town.preferencesUrls.${lang} must be a full http(s) URL, got "${url}"`);
    }
    const altchaForms = config.altcha?.forms ?? [];
    const unknownForm = altchaForms.find((form) => !(ALTCHA_FORMS as readonly string[]).includes(form));
    if (unknownForm) throw new Error(`civic-dialog: altcha.forms names "${unknownForm}"; known forms: ${ALTCHA_FORMS.join(', ')}`);
    if (altchaForms.length && !config.altcha.hmacKey) throw new Error('civic-dialog: altcha.hmacKey is required when altcha.forms lists a form');
    for (const [key, value] of Object.entries(config.retention ?? {})) {
      if (!Number.isInteger(value) || (value as number) < 0) throw new Error(`civic-dialog: retention.${key} must be a whole number of 0 or more`);
    }
    if (config.retention && !(config.retention.batchSize >= 10 && config.retention.batchSize <= 10_000)) {
      throw new Error('civic-dialog: retention.batchSize must be between 10 and 10000');
    }
    const sms = config.sms;
    if (sms?.enabled) {
      if (!['http', 'twilio'].includes(sms.provider)) throw new Error(`civic-dialog: sms.provider must be "http" or "twilio", got "${sms.provider}"`);
      if (sms.provider === 'http' && !isPageUrl(sms.http?.url)) throw new Error('civic-dialog: sms.http.url must be a full http(s) URL when sms.provider is "http"');
      if (sms.provider === 'http' && !['POST', 'PUT', 'GET'].includes(sms.http.method)) throw new Error('civic-dialog: sms.http.method must be POST, PUT or GET');
      if (sms.provider === 'twilio' && !(sms.twilio?.accountSid && sms.twilio.authToken && (sms.twilio.messagingServiceSid || sms.from))) {
        throw new Error('civic-dialog: sms.twilio needs accountSid, authToken and a messagingServiceSid or sms.from');
      }
    }
    for (const key of ['ratePerSecond', 'alertRatePerSecond', 'batchSize', 'maxAttempts', 'codeTtlSeconds', 'codeMaxTries', 'codesPerNumber', 'codesPerNumberWindowSeconds'] as const) {
      if (sms && !(Number.isInteger(sms[key]) && sms[key] >= 1)) throw new Error(`civic-dialog: sms.${key} must be a whole number of 1 or more`);
    }
    if (sms && !/^[A-Z]{2}$/.test(sms.defaultRegion)) throw new Error(`civic-dialog: sms.defaultRegion must be a two-letter country code, got "${sms.defaultRegion}"`);
    if (sms?.stopKeywords !== undefined && !(Array.isArray(sms.stopKeywords) && sms.stopKeywords.every((word) => typeof word === 'string' && word.trim()))) {
      throw new Error('civic-dialog: sms.stopKeywords must be a list of words');
    }
    for (const [index, type] of (config.automations?.entryTypes ?? []).entries()) {
      const where = `civic-dialog: automations.entryTypes[${index}]`;
      if (!type || typeof type.uid !== 'string' || type.uid.length > 60 || !/^(api|plugin)::[a-z0-9-]+\.[a-z0-9-]+$/.test(type.uid)) throw new Error(`${where}.uid must be a content type uid such as "api::article.article"`);
      for (const key of ['topicField', 'titleField'] as const) if (typeof type[key] !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(type[key])) throw new Error(`${where}.${key} must be a field name`);
      if (typeof type.url !== 'string' || !isPageUrl(type.url.replace(/\{\w+\}/g, 'x'))) throw new Error(`${where}.url must be a full http(s) URL (with {field} placeholders), got "${String(type.url)}"`);
    }
    for (const key of ['ratePerSecond', 'alertRatePerSecond'] as const) {
      const rate = config.mail?.[key];
      if (rate !== undefined && !(Number.isInteger(rate) && rate >= 0)) throw new Error(`civic-dialog: mail.${key} must be a whole number of 0 (no limit) or more`);
    }
    const digest = config.digest;
    if (digest) {
      if (typeof digest.enabled !== 'boolean') throw new Error('civic-dialog: digest.enabled must be true or false');
      if (!(Number.isInteger(digest.weekday) && digest.weekday >= 1 && digest.weekday <= 7)) throw new Error('civic-dialog: digest.weekday must be 1 (Monday) … 7 (Sunday)');
      if (!(Number.isInteger(digest.hour) && digest.hour >= 0 && digest.hour <= 23)) throw new Error('civic-dialog: digest.hour must be a whole hour 0 … 23 (local time)');
      if (!(Number.isInteger(digest.checkIntervalMs) && digest.checkIntervalMs >= 0)) throw new Error('civic-dialog: digest.checkIntervalMs must be a whole number of 0 or more');
      if (!(Number.isInteger(digest.batchSize) && digest.batchSize >= 100 && digest.batchSize <= 50_000)) throw new Error('civic-dialog: digest.batchSize must be between 100 and 50000');
      if (typeof digest.newsContentType !== 'string' || (digest.newsContentType && !/^api::[a-z0-9-]+\.[a-z0-9-]+$|^plugin::[a-z0-9-]+\.[a-z0-9-]+$/.test(digest.newsContentType))) {
        throw new Error(`civic-dialog: digest.newsContentType must be a content type uid such as "api::article.article", got "${String(digest.newsContentType)}"`);
      }
      for (const key of ['newsUrl', 'eventsUrl', 'surveysUrl'] as const) {
        const url = digest[key];
        if (url && !isPageUrl(url.replace('{slug}', 'slug'))) throw new Error(`civic-dialog: digest.${key} must be a full http(s) URL (with {slug} where the entry goes), got "${url}"`);
      }
    }
    if (!config.mail?.smtp?.host) {
      throw new Error('civic-dialog: mail.smtp.host is required');
    }
    const dkim = config.mail.dkim;
    if (dkim && (!dkim.domainName || !dkim.keySelector || !dkim.privateKey)) {
      throw new Error('civic-dialog: mail.dkim needs domainName, keySelector and privateKey (PEM)');
    }
    const bounces = config.bounces;
    if (bounces && !(Number.isInteger(bounces.softBounceLimit) && bounces.softBounceLimit >= 1)) {
      throw new Error('civic-dialog: bounces.softBounceLimit must be a whole number of 1 or more');
    }
    if (bounces && !(Number.isInteger(bounces.softBounceWindowDays) && bounces.softBounceWindowDays >= 1)) {
      throw new Error('civic-dialog: bounces.softBounceWindowDays must be a whole number of 1 or more');
    }
    if (bounces?.domain && !/^[a-z0-9.-]+$/i.test(bounces.domain)) {
      throw new Error(`civic-dialog: bounces.domain must be a domain name, got "${bounces.domain}"`);
    }
  },
};
