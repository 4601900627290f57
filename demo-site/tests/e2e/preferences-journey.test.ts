import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startJourney, subscribedOnTheWebsite, type Journey } from '../support/journey';
import type { ReceivedMail } from '../support/mail-catcher';
import { queueNewsletterNotYetDue } from '../support/newsletters';
import { rows } from '../support/rows';
import { settleOutbox } from '../support/strapi';

let journey: Journey;

beforeAll(async () => {
  journey = await startJourney();
});

afterAll(async () => {
  await journey?.stop();
});

/** The manage link in a mail: the town page with `#civic-token=…`. */
function manageLink(mail: ReceivedMail): string {
  const match = mail.text.match(/https?:\/\/\S+#civic-token=[A-Za-z0-9_-]{43}/);
  if (!match) throw new Error(`no manage link in "${mail.subject}"`);
  return match[0];
}

it('a citizen requests a link, changes topics, downloads their data and erases it; link and session die and nothing more is mailed', async () => {
  const email = 'petra.praeferenz@example.org';
  // Signed up on the town website and confirmed (double opt-in, through the public API).
  await subscribedOnTheWebsite(journey, email, { firstName: 'Petra' });
  const db = rows(journey.app.strapi);
  const profileId = (await db.profile(email)).id as number;

  // 1. On the town website (origin A) the widget from the CMS (origin B) asks for a link, under a strict CSP.
  const page = await journey.browser.newPage();
  journey.watchCsp(page);
  const sessionTokens = new Set<string>();
  page.on('request', (request) => {
    const auth = request.headers().authorization;
    if (auth?.startsWith('Bearer ')) sessionTokens.add(auth.slice('Bearer '.length));
  });
  const response = await page.goto(`${journey.website.url}/mein-newsletter.html`);
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self'");
  const widget = page.locator('civic-preferences');
  await widget.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill(email);
  await widget.getByRole('button', { name: 'Link anfordern' }).click();
  const linkSent = widget.getByRole('heading', { name: 'Bitte sehen Sie in Ihr Postfach' });
  await expect.poll(() => linkSent.isVisible()).toBe(true);

  // 2. The manage-link mail arrives; its link points back at this page, the token in the fragment.
  const mail = (await journey.app.mail.waitFor(email, 3))[2]!;
  expect(mail.subject).toMatch(/Einstellungen/);
  const link = manageLink(mail);
  expect(link.startsWith(`${journey.website.url}/mein-newsletter.html#civic-token=`)).toBe(true);

  // 3. Opening it shows the preference center; the token leaves the address bar at once.
  await page.goto(link);
  const center = widget.getByRole('heading', { name: 'Ihre Einstellungen' });
  await expect.poll(() => center.isVisible()).toBe(true);
  expect(page.url()).not.toContain('civic-token');
  expect(await widget.getByText(`Angemeldet mit ${email}`).isVisible()).toBe(true);
  expect(sessionTokens.size).toBe(1);
  const [session] = [...sessionTokens];

  // 4. Change topics: leave Abfall, add Kultur (adding needs consent to the current text).
  const topics = widget.getByRole('region', { name: 'Meine Themen' });
  const abfall = topics.getByRole('checkbox', { name: /Abfall & Recycling/ });
  expect(await abfall.isChecked()).toBe(true);
  await abfall.uncheck();
  await topics.getByRole('checkbox', { name: /Kultur & Veranstaltungen/ }).check();
  await widget.getByRole('checkbox', { name: /Ich willige ein/ }).check();
  await widget.getByRole('button', { name: 'Themen speichern' }).click();
  await expect.poll(() => widget.getByText('Ihre Themen wurden gespeichert.').isVisible()).toBe(true);
  expect(await topics.getByRole('checkbox', { name: /Kultur & Veranstaltungen \(abonniert\)/ }).isChecked()).toBe(true);
  expect(await topics.getByRole('checkbox', { name: /Abfall & Recycling \(abbestellt\)/ }).isChecked()).toBe(false);
  const subscriptions = await db.subscriptions(profileId);
  const kultur = (await db.topic('kultur')).id;
  const abfallId = (await db.topic('abfall')).id;
  expect(subscriptions.find((s: any) => s.topicId === kultur)?.status).toBe('active');
  expect(subscriptions.find((s: any) => s.topicId === abfallId)?.status).toBe('unsubscribed');

  // 5. Download all data as JSON and check what it holds.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    widget.getByRole('button', { name: 'Meine Daten herunterladen' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^civic-dialog-export-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
  expect(exported.format).toBe('civic-dialog-export/1');
  expect(exported.sections.profile).toMatchObject({ email, firstName: 'Petra', status: 'active' });
  expect(exported.sections.subscriptions.map((s: any) => [s.topic.slug, s.status])).toEqual([
    ['abfall', 'unsubscribed'],
    ['kultur', 'active'],
  ]);
  expect(exported.sections.consents.map((c: any) => [c.action, c.topics])).toEqual([
    ['granted', ['abfall']],
    ['confirmed', ['abfall']],
    ['granted', ['kultur']],
    ['confirmed', ['kultur']],
    ['withdrawn', ['abfall']],
  ]);
  for (const consent of exported.sections.consents) {
    expect(consent.legalText).toMatchObject({ purpose: 'newsletter', locale: 'de', version: 1 });
    expect(consent.legalText.body).toMatch(/Ich willige ein, dass die Stadt Musterstadt/);
  }
  expect(exported.sections.messages.map((m: any) => [m.kind, m.toAddress])).toEqual([
    ['doi', email],
    ['welcome', email],
    ['manage-link', email],
  ]);
  await expect.poll(() => widget.getByText('Ihre Daten wurden heruntergeladen.').isVisible()).toBe(true);

  // A newsletter queued for later, before the erasure: it must never go out.
  const queued = await queueNewsletterNotYetDue(journey.app.strapi, profileId);

  // 6. Erase, with the confirmation step (Cancel first: nothing happens).
  await widget.getByRole('button', { name: 'Meine Daten löschen' }).click();
  const confirmHeading = widget.getByRole('heading', { name: 'Wirklich alle Ihre Daten löschen?' });
  await expect.poll(() => confirmHeading.isVisible()).toBe(true);
  await widget.getByRole('button', { name: 'Abbrechen' }).click();
  await expect.poll(() => center.isVisible()).toBe(true);
  expect((await db.profile(email))?.status).toBe('active');
  await widget.getByRole('button', { name: 'Meine Daten löschen' }).click();
  await expect.poll(() => confirmHeading.isVisible()).toBe(true);
  await widget.getByRole('button', { name: 'Ja, alle meine Daten löschen' }).click();
  await expect.poll(() => widget.getByRole('heading', { name: 'Ihre Daten wurden gelöscht' }).isVisible()).toBe(true);
  expect(await db.profile(email)).toBeNull();
  expect(await journey.app.strapi.db.query('plugin::civic-dialog.profile' as any).findOne({ where: { id: profileId } })).toMatchObject({
    email: null,
    status: 'erased',
  });

  // 7. The old session is refused (401), and the old link shows the invalid-link state.
  const withOldSession = await fetch(`${journey.app.baseUrl}/api/civic-dialog/preferences`, {
    headers: { authorization: `Bearer ${session}`, origin: new URL(journey.website.url).origin },
  });
  expect(withOldSession.status).toBe(401);
  const again = await journey.browser.newPage();
  journey.watchCsp(again);
  await again.goto(link);
  const invalid = again.locator('civic-preferences').getByRole('heading', { name: 'Dieser Link ist ungültig oder abgelaufen' });
  await expect.poll(() => invalid.isVisible()).toBe(true);
  expect(await again.locator('civic-preferences').getByRole('heading', { name: 'Ihre Einstellungen' }).count()).toBe(0);

  // 8. The address receives nothing more: not the queued newsletter, not a new link, no new newsletter.
  const mailsBefore = journey.app.mail.mails.length;
  const queuedAfter = await journey.app.strapi.db.query('plugin::civic-dialog.message' as any).findOne({ where: { id: queued.id } });
  expect(queuedAfter).toMatchObject({ status: 'failed', toAddress: '' });
  await expect(
    journey.app.strapi.plugin('civic-dialog').service('outbox').enqueue({
      profileId,
      kind: 'newsletter',
      data: { subject: 'Noch mehr', heading: 'Noch mehr', intro: 'Hallo', items: [] },
    }),
  ).rejects.toThrow(/cannot receive mail/);
  const emailField = again.locator('civic-preferences').getByRole('textbox', { name: 'E-Mail-Adresse' });
  await emailField.fill(email);
  await again.locator('civic-preferences').getByRole('button', { name: 'Link anfordern' }).click();
  // The same answer as for a known address: nothing hints that it existed.
  await expect.poll(() => again.locator('civic-preferences').getByRole('heading', { name: 'Bitte sehen Sie in Ihr Postfach' }).isVisible()).toBe(true);
  expect(await journey.app.strapi.db.query('plugin::civic-dialog.message' as any).count({ where: { profileId, status: 'queued' } })).toBe(0);
  // Sent mails are in the catcher when drain resolves (it answers 250 only after keeping the mail).
  await settleOutbox(journey.app);
  expect(journey.app.mail.mails.length).toBe(mailsBefore);
  expect(journey.app.mail.to(email)).toHaveLength(3);

  expect(journey.cspViolations).toEqual([]);
});
