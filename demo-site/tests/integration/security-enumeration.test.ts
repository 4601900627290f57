import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo } from '../support/mail-catcher';
import { publicApi, registrationBody, signupBody } from '../support/http';
import {
  activeSubscriber,
  addressForms,
  confirmByMail,
  createEvent,
  createSurvey,
  linkRequestBody,
  postForBytes,
  surveyResponseBody,
} from '../support/security-fixtures';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

// Issue 10, item 1: no public endpoint tells a known address from an unknown one, by status or by a byte of the body.

let app: TestApp;
let api: ReturnType<typeof publicApi>;
const KNOWN = 'bekannt@example.org';

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '1000' });
  api = publicApi(app.baseUrl);
  await createEvent(app, 'buergerabend');
  await createSurvey(app, 'sicherheit-umfrage');
  // KNOWN is everything an address can be: an active subscriber, registered for the event, and has answered the survey.
  await activeSubscriber(app, KNOWN);
  const before = app.mail.to(KNOWN).length;
  expect((await api.postJson('/events/buergerabend/registrations', registrationBody({ email: KNOWN }))).status).toBe(202);
  await confirmByMail(app, KNOWN, '/api/civic-dialog/event-confirm', before);
  const afterEvent = (await app.mail.waitFor(KNOWN, before + 2)).length;
  expect((await api.postJson('/surveys/sicherheit-umfrage/responses', surveyResponseBody({ email: KNOWN }))).status).toBe(202);
  await confirmByMail(app, KNOWN, '/api/civic-dialog/survey-confirm', afterEvent);
  await settleOutbox(app);
});

afterAll(async () => {
  await app?.stop();
});

let fresh = 0;
const unknownAddress = () => `neu-${++fresh}@example.org`;

describe('a known and an unknown address get byte-identical answers', () => {
  for (const form of addressForms('buergerabend', 'sicherheit-umfrage')) {
    it(`${form.name}`, async () => {
      const known = await postForBytes(app.baseUrl, form.path, form.body(KNOWN));
      const unknown = await postForBytes(app.baseUrl, form.path, form.body(unknownAddress()));
      expect(known.status).toBe(202);
      expect(known).toEqual(unknown);
      // Twice in a row (cooldowns, pending rows) changes nothing either.
      expect(await postForBytes(app.baseUrl, form.path, form.body(KNOWN))).toEqual(unknown);
    });
  }

  it('event registration with the newsletter box ticked', async () => {
    await createEvent(app, 'mit-newsletter', { newsletterTopic: (await app.strapi.db.query('plugin::civic-dialog.topic' as any).findOne({ where: { slug: 'abfall' } })).id });
    const body = (email: string) => registrationBody({ email, newsletter: true, newsletterLegalTextVersion: 1 });
    const known = await postForBytes(app.baseUrl, '/events/mit-newsletter/registrations', body(KNOWN));
    const unknown = await postForBytes(app.baseUrl, '/events/mit-newsletter/registrations', body(unknownAddress()));
    expect(known.status).toBe(202);
    expect(known).toEqual(unknown);
  });

  it('a manage-link request from a page whose path contains "token="', async () => {
    const pageUrl = `${TOWN_ORIGIN}/token=abc/mein-newsletter.html`;
    const known = await postForBytes(app.baseUrl, '/preferences/link', linkRequestBody({ email: KNOWN, pageUrl }));
    const unknown = await postForBytes(app.baseUrl, '/preferences/link', linkRequestBody({ email: unknownAddress(), pageUrl }));
    expect(known).toEqual(unknown);
    expect(known.status).toBe(202);
  });

  it('a signup from a page whose address contains "token="', async () => {
    const pageUrl = `${TOWN_ORIGIN}/newsletter.html?token=abc`;
    const known = await postForBytes(app.baseUrl, '/signups', signupBody({ email: KNOWN, pageUrl }));
    const unknown = await postForBytes(app.baseUrl, '/signups', signupBody({ email: unknownAddress(), pageUrl }));
    expect(known).toEqual(unknown);
  });
});

describe('editor text containing "token=" breaks nothing', () => {
  it('an event titled and described with "token=" takes registrations, confirmations and cancellations', async () => {
    await createEvent(app, 'token-abend', { title: 'Was ist ein token=?', description: 'Siehe https://example.org/?token=123' });
    const email = 'token-abend@example.org';
    expect((await api.postJson('/events/token-abend/registrations', registrationBody({ email }))).status).toBe(202);
    await confirmByMail(app, email, '/api/civic-dialog/event-confirm');
    const [, registered] = await app.mail.waitFor(email, 2);
    expect(registered!.subject).toContain('token=');
    const cancel = linkTo(registered!, '/api/civic-dialog/event-cancel').searchParams.get('token')!;
    expect((await api.postJson('/event-cancel', { token: cancel })).status).toBe(200);
  });

  it('a survey titled with "token=" takes identified responses and their confirmation', async () => {
    await createSurvey(app, 'token-umfrage', { title: 'Umfrage token=1' });
    const email = 'token-umfrage@example.org';
    expect((await api.postJson('/surveys/token-umfrage/responses', surveyResponseBody({ email }))).status).toBe(202);
    await confirmByMail(app, email, '/api/civic-dialog/survey-confirm');
  });

  it('a link field of a queued mail that holds a token is refused with a typed error', async () => {
    const profile = await app.strapi.db.query('plugin::civic-dialog.profile' as any).findOne({ where: { email: KNOWN } });
    const outbox = app.strapi.plugin('civic-dialog').service('outbox');
    const refused = outbox.enqueue({ profileId: profile.id, kind: 'manage-link', data: { pageUrl: `${TOWN_ORIGIN}/x.html?token=abc` } });
    await expect(refused).rejects.toMatchObject({ name: 'TokenInMailDataError' });
    // Editor text may say anything.
    const queued = await outbox.enqueue({ profileId: profile.id, kind: 'survey-confirm', data: { responseId: 0, surveyTitle: 'token=1' } });
    expect(queued.id).toBeGreaterThan(0);
    await app.strapi.db.query('plugin::civic-dialog.message' as any).delete({ where: { id: queued.id } });
  });
});
