/**
 * The preference center's routes of the fake Civic Dialog API (`/preferences/...`), as one pure
 * function so the test middleware (fake-api.mjs) and the Storybook fetch mock answer alike.
 * Stateless: a write answers with the starting view plus that one change, which is all a widget
 * ever sees of it (it never reads back after a write).
 */
import { channelLegalTexts, legalTexts, topics } from './fixtures.mjs';

/** The session token the fake hands out; every bearer route refuses any other with 401. */
export const FAKE_SESSION_TOKEN = 'S'.repeat(40) + 'ess';
/** A link token of the right shape (43 base64url characters), for `#civic-token=`. */
export const FAKE_LINK_TOKEN = 'A'.repeat(20) + 'b'.repeat(20) + '_-9';

const NOW = '2026-03-20T09:30:00.000Z';

const error = (status, name, message, errors) => ({
  data: null,
  error: { status, name, message, ...(errors ? { details: { errors: errors.map(([path, text]) => ({ path: [path], message: text, name })) } } : {}) },
});
/** A refusal of one field with its code, as the SMS feature answers (details.errors[].code). */
const refusal = (path, message, code) => ({
  status: 400,
  body: { data: null, error: { status: 400, name: 'ValidationError', message, details: { errors: [{ path: [path], message, name: 'ValidationError', code }] } } },
});
const unauthorized = { status: 401, body: error(401, 'UnauthorizedError', 'Missing or invalid credentials') };

const topicStatuses = { abfall: 'active', kultur: 'pending', verkehr: null };

/**
 * What GET /preferences answers: Anna, subscribed to waste, confirming culture, with her history
 * (newest first). Like the real server: topic names and consent subjects in `shownIn` (the
 * widget's `?locale=`), else in her profile's language; the consent text in her profile's.
 */
export function preferencesView(locale = 'de', scenario = 'ok', shownIn = locale) {
  const legalText = legalTexts[locale];
  return {
    profile: { email: 'anna@example.org', firstName: 'Anna', postalCode: '12345', district: null, locale, status: 'active' },
    askedFields: scenario === 'email-only' ? [] : ['firstName', 'postalCode'],
    topics: topics[shownIn].map((topic) => ({ ...topic, status: topicStatuses[topic.slug] })),
    legalText,
    consents: [
      { action: 'granted', purpose: 'newsletter', createdAt: '2026-03-15T08:00:00.000Z', legalText: { title: legalText.title, version: legalText.version, locale }, topics: ['kultur'], subject: null, sourceUrl: null },
      { action: 'confirmed', purpose: 'newsletter', createdAt: '2026-03-12T13:05:00.000Z', legalText: { title: legalText.title, version: 1, locale }, topics: ['abfall'], subject: null, sourceUrl: 'https://www.musterstadt.de/newsletter' },
      { action: 'granted', purpose: 'newsletter', createdAt: '2026-03-12T13:03:00.000Z', legalText: { title: legalText.title, version: 1, locale }, topics: ['abfall'], subject: null, sourceUrl: 'https://www.musterstadt.de/newsletter' },
      // Event and survey consents as the server names them: the title in the profile's language.
      { action: 'confirmed', purpose: 'event-registration', createdAt: '2026-03-10T17:00:00.000Z', legalText: null, topics: [], subject: shownIn === 'en' ? 'Citizens’ forum on traffic' : 'Bürgerforum Verkehr', sourceUrl: null },
      { action: 'granted', purpose: 'survey', createdAt: '2026-03-01T09:00:00.000Z', legalText: null, topics: [], subject: shownIn === 'en' ? 'New playground' : 'Neuer Spielplatz', sourceUrl: null },
      { action: 'granted', purpose: 'event-registration', createdAt: '2026-02-01T09:00:00.000Z', legalText: null, topics: [], subject: null, sourceUrl: null },
    ],
  };
}

function withTopics(view, desired) {
  const added = [];
  const removed = [];
  const updated = view.topics.map((topic) => {
    const wasOn = topic.status === 'active' || topic.status === 'pending';
    const isOn = desired.includes(topic.slug);
    if (isOn && !wasOn) added.push(topic.slug);
    if (!isOn && wasOn) removed.push(topic.slug);
    return { ...topic, status: isOn ? (wasOn ? topic.status : 'active') : wasOn ? 'unsubscribed' : topic.status };
  });
  const entry = (action, slugs) => ({ action, purpose: 'newsletter', createdAt: NOW, legalText: action === 'withdrawn' ? null : { title: view.legalText.title, version: view.legalText.version, locale: view.legalText.locale }, topics: slugs, subject: null, sourceUrl: null });
  const consents = [...(removed.length ? [entry('withdrawn', removed)] : []), ...(added.length ? [entry('granted', added)] : []), ...view.consents];
  return { ...view, topics: updated, consents };
}

/**
 * The answer to one preferences request: `{ status, body, headers?, delay? }`, or
 * `{ dropConnection: true }` for a request that never gets an answer.
 * @returns {{ status: number, body: unknown, headers?: Record<string, string>, delay?: number } | { dropConnection: true }}
 */
export function preferencesAnswer({ scenario, method, route, body, authorization, query = {} }) {
  const delay = scenario === 'slow' ? 400 : 0;
  const ok = (data, status = 200) => ({ status, body: { data }, delay });

  if (route === 'preferences/link' && method === 'POST') {
    if (scenario === 'network') return { dropConnection: true };
    if (scenario === '429') return { status: 429, body: { data: null, error: { status: 429, name: 'RateLimitError', message: 'Too many requests', details: { retryAfter: 170 } } }, headers: { 'Retry-After': '170' } };
    if (!body?.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.email) || body.email.endsWith('@invalid.example')) {
      return { status: 400, body: error(400, 'ValidationError', '1 error occurred', [['email', 'email must be a valid email address']]) };
    }
    return ok({ status: 'accepted' }, 202);
  }
  if (route === 'preferences/session' && method === 'POST') {
    if (scenario === 'link-expired') return { status: 410, body: error(410, 'GoneError', 'This link has expired') };
    if (scenario === 'link-invalid' || body?.token !== FAKE_LINK_TOKEN) return { status: 404, body: error(404, 'NotFoundError', 'Unknown link') };
    return ok({ sessionToken: FAKE_SESSION_TOKEN, expiresAt: '2030-01-01T00:30:00.000Z' });
  }

  if (authorization !== `Bearer ${FAKE_SESSION_TOKEN}` || scenario === 'session-expired') return unauthorized;
  // Scenario 'english-profile': a citizen who subscribed in English, on whatever page the widget is.
  const profileLocale = scenario === 'english-profile' ? 'en' : 'de';
  const shownIn = ['de', 'en'].includes(query.locale) ? query.locale : undefined;
  const view = preferencesView(profileLocale, scenario, shownIn);
  const channels = channelsAnswer({ scenario, method, route, body });
  if (channels) return channels;
  if (route === 'preferences' && method === 'GET') {
    return scenario === 'load-error' ? { status: 500, body: error(500, 'InternalServerError', 'Internal Server Error') } : ok(view);
  }
  if (scenario === 'expire-on-save') return unauthorized;
  if (scenario === 'save-error') return { status: 500, body: error(500, 'InternalServerError', 'Internal Server Error') };
  if (route === 'preferences/profile' && method === 'PATCH') {
    if (scenario === 'invalid-profile') {
      return { status: 400, body: error(400, 'ValidationError', '1 error occurred', [['postalCode', 'postalCode must be a postal code']]) };
    }
    const patched = body.locale && body.locale !== view.profile.locale ? preferencesView(body.locale, scenario, shownIn) : view;
    return ok({ ...patched, profile: { ...patched.profile, ...body } });
  }
  if (route === 'preferences/subscriptions' && method === 'PUT') {
    const adds = body.topics.some((slug) => !['active', 'pending'].includes(view.topics.find((topic) => topic.slug === slug)?.status));
    if (adds && (body.consent !== true || body.legalTextVersion !== view.legalText.version)) {
      return { status: 400, body: error(400, 'ValidationError', '1 error occurred', [['consent', 'consent is required']]) };
    }
    return ok(withTopics(view, body.topics));
  }
  if (route === 'preferences/unsubscribe-all' && method === 'POST') {
    return ok({ ...withTopics(view, []), profile: { ...view.profile, status: 'unsubscribed' } });
  }
  // A session from a link the citizen did not just request (an old or forwarded mail): no export, no erasure.
  if (scenario === 'fresh-link' && ['preferences/export', 'preferences/erase'].includes(route)) {
    const message = 'To export or erase your data, please request a new link by email first: it works for this for 30 minutes.';
    return { status: 403, body: { data: null, error: { status: 403, name: 'PolicyError', message, details: { reason: 'fresh-link-required' } } } };
  }
  if (route === 'preferences/export' && method === 'GET') {
    const { profile, topics: subscriptions, consents } = view;
    const messages = [{ kind: 'welcome', subject: 'Willkommen', sentAt: '2026-03-12T13:06:00.000Z' }];
    return {
      status: 200,
      body: { exportedAt: NOW, format: 'civic-dialog-export/1', sections: { profile, subscriptions, consents, messages } },
      headers: { 'Content-Disposition': 'attachment; filename="civic-dialog-export.json"' },
    };
  }
  if (route === 'preferences/erase' && method === 'POST') {
    if (body?.confirm !== true) return { status: 400, body: error(400, 'ValidationError', '1 error occurred', [['confirm', 'confirm is required']]) };
    return ok({ status: 'erased' }, 200);
  }
  return { status: 404, body: error(404, 'NotFoundError', 'Not Found') };
}

/** The verified number of the SMS scenarios and the one code the fake accepts. */
export const FAKE_PHONE = '+4915112345678';
export const FAKE_SMS_CODE = '123456';
/** Codes the fake refuses with the server's refusal codes. */
export const FAKE_EXPIRED_CODE = '999999';

const noSms = { phone: null, pendingPhone: null, consents: { 'sms-alerts': false, 'sms-registrations': false }, suppressed: false };

/**
 * The SMS and alert routes with the session (features/sms, features/alerts). Scenarios:
 * `sms-verified` (a verified number, SMS alerts allowed), `alerts-active` (alerts for district
 * Nord), `no-channels` (the routes do not exist), anything else: no number, no alerts. Stateless like the rest: a write answers the state
 * after that one change.
 */
function channelsAnswer({ scenario, method, route, body }) {
  const ok = (data, status = 200) => ({ status, body: { data } });
  // A plugin without these features: their routes do not exist.
  if (scenario === 'no-channels' && /^preferences\/(sms|alerts)/.test(route)) return { status: 404, body: error(404, 'NotFoundError', 'Not Found') };
  const verified = { ...noSms, phone: FAKE_PHONE, consents: { 'sms-alerts': true, 'sms-registrations': false } };
  const sms = scenario === 'sms-verified' ? verified : noSms;
  if (route === 'preferences/sms' && method === 'GET') return ok(sms);
  if (route === 'preferences/sms/phone' && method === 'POST') {
    const typed = typeof body?.phone === 'string' ? body.phone.trim() : '';
    const digits = typed.replace(/[^0-9]/g, '');
    if (!/^\+?[0-9 ()\-/.]{3,32}$/.test(typed) || digits.length < 8) return refusal('phone', 'must be a valid phone number', 'invalid-phone');
    const e164 = typed.startsWith('+') ? `+${digits}` : `+49${digits.replace(/^0/, '')}`;
    return ok({ status: 'code-sent', phone: e164, expiresAt: '2030-01-01T00:10:00.000Z' }, 202);
  }
  if (route === 'preferences/sms/verify' && method === 'POST') {
    if (!/^\d{6}$/.test(body?.code ?? '')) return refusal('code', 'must be the six digits from the SMS', undefined);
    if (body.code === FAKE_EXPIRED_CODE) return refusal('code', 'has expired: ask for a new one', 'code-expired');
    if (body.code !== FAKE_SMS_CODE) return refusal('code', 'is not the code we sent (4 tries left)', 'wrong-code');
    return ok({ ...noSms, phone: FAKE_PHONE });
  }
  if (route === 'preferences/sms/consents' && method === 'PUT') {
    if (scenario !== 'sms-verified' && Object.values(body?.purposes ?? {}).some(Boolean)) {
      return refusal('purposes', 'need a verified phone number first', 'phone-not-verified');
    }
    for (const [purpose, granted] of Object.entries(body?.purposes ?? {})) {
      const text = channelLegalTexts[purpose]?.[body.locale ?? 'de'];
      if (!text) return refusal('purposes', 'unknown purpose', undefined);
      if (granted && body.legalTextVersions?.[purpose] !== text.version) return refusal('legalTextVersions', 'must be the current version', 'legal-text-outdated');
    }
    return ok({ ...verified, consents: { ...verified.consents, ...body.purposes } });
  }
  if (route === 'preferences/sms/phone' && method === 'DELETE') return ok(noSms);
  const alerts = scenario === 'alerts-active' ? { status: 'active', district: 'nord', postalCode: null } : { status: 'none', district: null, postalCode: null };
  if (route === 'preferences/alerts' && method === 'GET') return ok(alerts);
  if (route === 'preferences/alerts' && method === 'PUT') {
    if (!body?.subscribed) return ok({ ...alerts, status: alerts.status === 'none' ? 'none' : 'withdrawn' });
    if (body.legalTextVersion !== channelLegalTexts.alerts[body.locale ?? 'de'].version) return refusal('legalTextVersion', 'must be the current version', 'legal-text-outdated');
    if (body.postalCode && !/^[0-9A-Za-z][0-9A-Za-z -]{1,8}[0-9A-Za-z]$/.test(body.postalCode)) return refusal('postalCode', 'not a postal code', undefined);
    return ok({ status: 'active', district: body.district?.toLowerCase() ?? null, postalCode: body.postalCode ?? null });
  }
  return undefined;
}
