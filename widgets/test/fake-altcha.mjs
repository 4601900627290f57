/**
 * ALTCHA bot protection in the fake Civic Dialog API (fake-api.mjs), with the library the plugin
 * uses (altcha-lib, resolved from the plugin's dependencies): challenges are signed and solutions
 * verified by it, so a widget test passes only if the widget's solver solves real challenges.
 * Scenarios `altcha` and `altcha-slow` (its challenge takes 400 ms) protect every form; any other
 * scenario none (GET /altcha/forms says so), except `altcha-unlisted`: every form is protected, but
 * the list says none (the town switched the check on after the page loaded).
 */
import { createRequire } from 'node:module';

const pluginRequire = createRequire(new URL('../../strapi-plugin/package.json', import.meta.url));
const { createChallenge, verifySolution, randomInt } = pluginRequire('altcha-lib');
const { deriveKey } = pluginRequire('altcha-lib/algorithms/pbkdf2');

const ALGORITHM = 'PBKDF2/SHA-256';
const secrets = { hmacSignatureSecret: 'fake-api altcha key', hmacKeySignatureSecret: 'fake-api altcha key signature' };
/** The forms of the plugin (contracts ALTCHA_FORMS) and how their routes look. */
const FORM_ROUTES = [
  ['signup', /^signups$/],
  ['event-registration', /^events\/[^/]+\/registrations$/],
  ['survey-response', /^surveys\/[^/]+\/responses$/],
  ['survey-participation', /^surveys\/[^/]+\/participations$/],
  ['manage-link', /^preferences\/link$/],
];
/** Signatures of solved challenges: a solution works once, as on the server. */
const used = new Set();

const refused = (message) => ({
  status: 400,
  body: { data: null, error: { status: 400, name: 'ValidationError', message: `altcha ${message}`, details: { errors: [{ path: ['altcha'], message: `altcha ${message}`, name: 'ValidationError' }] } } },
});

export const protectedForms = (scenario) => (['altcha', 'altcha-slow'].includes(scenario) ? FORM_ROUTES.map(([form]) => form) : []);

/** GET /altcha/forms and /altcha/challenge (a little work per challenge: the tests prove the protocol, not the cost). */
export async function altchaAnswer({ scenario, route }) {
  if (route === 'altcha/forms') return { status: 200, body: { data: { forms: protectedForms(scenario) } } };
  if (!protectedForms(scenario).length) return { status: 404, body: { data: null, error: { status: 404, name: 'NotFoundError', message: 'Bot protection (ALTCHA) is not enabled for any form.' } } };
  const challenge = await createChallenge({ algorithm: ALGORITHM, cost: 50, counter: randomInt(60, 20), deriveKey, expiresAt: new Date(Date.now() + 60_000), ...secrets });
  return { status: 200, body: challenge, headers: { 'Cache-Control': 'no-store' }, delay: scenario === 'altcha-slow' ? 400 : 0 };
}

/**
 * The plugin's altcha-check for a POST: on a protected form, the body's `altcha` must be a solved,
 * unused challenge (else the 400 the server gives). Takes the field out of the body either way.
 */
export async function altchaRefusal({ scenario, route, body }) {
  const form = FORM_ROUTES.find(([, pattern]) => pattern.test(route))?.[0];
  const payload = body?.altcha;
  if (body) delete body.altcha;
  if (!form || !(scenario === 'altcha-unlisted' || protectedForms(scenario).includes(form))) return undefined;
  if (!payload) return refused('is missing: complete the check "I am not a robot" and send the form again');
  let decoded;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return refused('is not a valid bot check; reload the page and try again');
  }
  const result = await verifySolution({ challenge: decoded.challenge, solution: decoded.solution, deriveKey, ...secrets }).catch(() => ({ verified: false }));
  if (!result.verified) return refused('is not a valid bot check; reload the page and try again');
  if (used.has(decoded.challenge.signature)) return refused('has been used already; complete the check again');
  used.add(decoded.challenge.signature);
  return undefined;
}
