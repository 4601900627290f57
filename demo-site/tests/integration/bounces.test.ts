import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicApi, signupBody } from '../support/http';
import { linkTo } from '../support/mail-catcher';
import { rows } from '../support/rows';
import { adminToken, pluginAdminApi } from '../support/admin';
import { settleOutbox, startApp, type TestApp } from '../support/strapi';
import { startImapServer, type ImapServer } from '../support/imap-server';
import { addSubscribers, createNewsletter, knexSql, ownTopic, subscriberEmail } from '../support/newsletters';

const FIXTURES = join(__dirname, '../../../strapi-plugin/server/src/features/bounces/fixtures');
const DOMAIN = 'bounces.musterstadt.example';
const SECRET = 'bounce-webhook-secret-for-tests';
const VERP = new RegExp(`^bounces\\+m[0-9a-z]+-[0-9a-f]{16}@${DOMAIN.replace(/\./g, '\\.')}$`);

let app: TestApp;
let imap: ImapServer;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;
let admin: ReturnType<typeof pluginAdminApi>;
let reportNo = 0;

beforeAll(async () => {
  imap = await startImapServer();
  const dkimKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  app = await startApp({ ...imap.env(), DKIM_PRIVATE_KEY: dkimKey, DKIM_DOMAIN: 'musterstadt.example', DKIM_SELECTOR: 'civic2026', CIVIC_BOUNCES_DOMAIN: DOMAIN, CIVIC_BOUNCES_WEBHOOK_SECRET: SECRET, CIVIC_BOUNCES_SOFT_LIMIT: '3', CIVIC_BOUNCES_SOFT_WINDOW_DAYS: '30' });
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await imap?.stop();
});

const plugin = () => app.strapi.plugin('civic-dialog');
const bouncesOf = (profileId: number) => app.strapi.db.query('plugin::civic-dialog.bounce' as any).findMany({ where: { profileId }, orderBy: { id: 'asc' } });
const suppressionOf = (email: string) => app.strapi.db.query('plugin::civic-dialog.suppression' as any).findOne({ where: { email } });

/** A sample report for this mail, with a Message-ID of its own (every delivery is another report). */
function sample(file: string, verp: string, recipient: string, messageId = `<report-${++reportNo}@reports.example>`) {
  return readFileSync(join(FIXTURES, file), 'utf8')
    .replaceAll('{{VERP}}', verp)
    .replaceAll('{{RECIPIENT}}', recipient)
    .replace(/^Message-I[dD]: .*$/m, `Message-ID: ${messageId}`);
}

/** A confirmed subscriber and the return path their first mail (the DOI mail) left with. */
async function subscriber(email: string): Promise<{ profileId: number; verp: string }> {
  expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
  const [doi] = await app.mail.waitFor(email);
  const token = linkTo(doi!, '/api/civic-dialog/confirm').searchParams.get('token');
  expect((await api.postJson('/confirm', { token })).status).toBe(200);
  await app.mail.waitFor(email, 2);
  return { profileId: (await db.profile(email)).id, verp: doi!.envelopeFrom! };
}

/** Delivers reports into the bounce mailbox and reads it as the periodic job does. */
async function readReports(...raws: string[]) {
  for (const raw of raws) imap.deliver(raw);
  return plugin().service('bounceMailbox').readNow();
}

/** Queues a mail of kind welcome for the profile and sends it; the row after the send. */
async function sendWelcome(profileId: number) {
  const { id } = await app.strapi.db.transaction(() => plugin().service('outbox').enqueue({ profileId, kind: 'welcome', data: { topics: ['abfall'] } }));
  await plugin().service('outbox').drain();
  await settleOutbox(app);
  return app.strapi.db.query('plugin::civic-dialog.message' as any).findOne({ where: { id } });
}

const webhook = (body: string, headers: Record<string, string>) =>
  fetch(`${app.baseUrl}/api/civic-dialog/bounces/webhook`, { method: 'POST', headers, body }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));
const bearer = { authorization: `Bearer ${SECRET}` };

describe(`bounces and complaints over a real IMAP server (Dovecot) and the webhook, on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('every mail leaves with a VERP return path that names its row; the From stays the town\'s', async () => {
    const email = 'verp@example.org';
    const { profileId, verp } = await subscriber(email);
    expect(verp).toMatch(VERP);
    const [doi, welcome] = app.mail.to(email);
    expect(doi!.from).toBe('newsletter@musterstadt.example');
    // Signed with the configured key (mail.dkim): the header names the domain and selector of the DNS record.
    expect(doi!.headers['dkim-signature']).toMatch(/d=musterstadt\.example;/);
    expect(doi!.headers['dkim-signature']).toMatch(/s=civic2026;/);
    expect(welcome!.envelopeFrom).toMatch(VERP);
    expect(welcome!.envelopeFrom).not.toBe(verp);
    const [first] = await db.messages(profileId);
    expect(verp).toContain(`+m${Number(first.id).toString(36)}-`);
  });

  it('a hard bounce (Postfix DSN) read over IMAP suppresses the address at once and is moved to Processed; the outbox refuses the next mail', async () => {
    const email = 'hard@example.org';
    const { profileId, verp } = await subscriber(email);
    const processedBefore = imap.count('Processed');
    const run = await readReports(sample('postfix-hard.eml', verp, email));
    expect(run).toMatchObject({ read: 1, recorded: 1, forged: 0, failed: 0 });
    expect(imap.count('INBOX')).toBe(0);
    expect(imap.count('Processed')).toBe(processedBefore + 1);
    const [bounce, ...more] = await bouncesOf(profileId);
    expect(more).toEqual([]);
    expect(bounce).toMatchObject({ kind: 'hard', statusCode: '5.1.1', email, source: 'imap' });
    expect(bounce.reason).toContain('User unknown');
    expect(await suppressionOf(email)).toMatchObject({ state: 'active', reason: 'hard-bounce', profileId });

    const mailsBefore = app.mail.to(email).length;
    const refused = await sendWelcome(profileId);
    expect(refused).toMatchObject({ status: 'failed' });
    expect(refused.error).toMatch(/suppressed/);
    expect(app.mail.to(email)).toHaveLength(mailsBefore);
  });

  it('the same report read twice counts once', async () => {
    const email = 'twice@example.org';
    const { profileId, verp } = await subscriber(email);
    const report = sample('outlook-hard.eml', verp, email, '<same-report@outlook.example>');
    expect(await readReports(report)).toMatchObject({ recorded: 1 });
    expect(await readReports(report)).toMatchObject({ recorded: 0, duplicate: 1 });
    expect(await bouncesOf(profileId)).toHaveLength(1);
  });

  it('soft bounces (Exim delay, Gmail over quota) suppress only at the third within the window', async () => {
    const email = 'soft@example.org';
    const { profileId, verp } = await subscriber(email);
    await readReports(sample('exim-delayed.eml', verp, email), sample('gmail-over-quota.eml', verp, email));
    expect((await bouncesOf(profileId)).map((b: any) => b.kind)).toEqual(['soft', 'soft']);
    expect(await suppressionOf(email)).toBeNull();
    // Still delivered while under the limit.
    expect(await sendWelcome(profileId)).toMatchObject({ status: 'sent' });
    await readReports(sample('gmail-over-quota.eml', verp, email));
    expect(await suppressionOf(email)).toMatchObject({ state: 'active', reason: 'soft-bounces' });
  });

  it('soft bounces older than the window do not count', async () => {
    const email = 'old-soft@example.org';
    const { profileId, verp } = await subscriber(email);
    const longAgo = new Date(Date.now() - 31 * 86_400_000);
    for (const n of [1, 2]) {
      await app.strapi.db.query('plugin::civic-dialog.bounce' as any).create({
        data: { reportKey: `old-${n}-${email}`, profileId, email, kind: 'soft', source: 'imap', createdAt: longAgo },
      });
    }
    await readReports(sample('exim-delayed.eml', verp, email));
    expect(await bouncesOf(profileId)).toHaveLength(3);
    expect(await suppressionOf(email)).toBeNull();
  });

  it('a complaint (ARF, Yahoo-style feedback loop) suppresses and unsubscribes: the ledger records the withdrawal', async () => {
    const email = 'complaint@example.org';
    const { profileId, verp } = await subscriber(email);
    await readReports(sample('yahoo-arf.eml', verp, email));
    expect(await bouncesOf(profileId)).toMatchObject([{ kind: 'complaint' }]);
    expect(await suppressionOf(email)).toMatchObject({ state: 'active', reason: 'complaint' });
    expect(await db.profile(email)).toMatchObject({ status: 'unsubscribed' });
    const consents = await db.consents(profileId);
    expect(consents.at(-1)).toMatchObject({ purpose: 'newsletter', action: 'withdrawn' });
    expect((await db.subscriptions(profileId)).map((s: any) => s.status)).toEqual(['unsubscribed']);
  });

  it('a report of unknown format (qmail) is recorded as unknown and suppresses nothing', async () => {
    const email = 'unknown@example.org';
    const { profileId, verp } = await subscriber(email);
    expect(await readReports(sample('qmail-unknown.eml', verp, email))).toMatchObject({ read: 1, recorded: 1 });
    expect(await bouncesOf(profileId)).toMatchObject([{ kind: 'unknown', reason: 'failure notice' }]);
    expect(await suppressionOf(email)).toBeNull();
    expect(imap.count('INBOX')).toBe(0);
  });

  it('a report whose return path is forged (another row, a made-up signature) is ignored, and so is one without ours', async () => {
    const email = 'victim@example.org';
    const { profileId, verp } = await subscriber(email);
    const [, id, signature] = /\+(m[0-9a-z]+)-([0-9a-f]+)@/.exec(verp)!;
    const otherRow = verp.replace(`+${id}-`, `+m${(parseInt(id!.slice(1), 36) + 1).toString(36)}-`);
    const madeUp = verp.replace(signature!, '0123456789abcdef');
    const run = await readReports(
      sample('postfix-hard.eml', otherRow, email),
      sample('postfix-hard.eml', madeUp, email),
      sample('postfix-hard.eml', 'someone@elsewhere.example', email),
    );
    expect(run).toMatchObject({ read: 3, recorded: 0, forged: 2, unmatched: 1 });
    expect(await bouncesOf(profileId)).toEqual([]);
    expect(await suppressionOf(email)).toBeNull();
    expect(imap.count('INBOX')).toBe(0);
  });

  it('an editor lifts a suppression with a note (audited); mail goes out again', async () => {
    const email = 'lift@example.org';
    const { profileId, verp } = await subscriber(email);
    await readReports(sample('postfix-hard.eml', verp, email));
    const suppression = await suppressionOf(email);
    expect(suppression).toMatchObject({ state: 'active' });

    const noNote = await admin(`/bounces/suppressions/${suppression.id}/lift`, { method: 'POST', body: JSON.stringify({}) });
    expect(noNote.status).toBe(400);
    const unknownId = await admin('/bounces/suppressions/999999/lift', { method: 'POST', body: JSON.stringify({ note: 'Phoned, address fixed' }) });
    expect(unknownId.status).toBe(404);
    const lifted = await admin(`/bounces/suppressions/${suppression.id}/lift`, { method: 'POST', body: JSON.stringify({ note: 'Citizen phoned: mailbox exists again' }) });
    expect(lifted.status).toBe(200);
    expect(await suppressionOf(email)).toMatchObject({ state: 'lifted', liftNote: 'Citizen phoned: mailbox exists again', liftedBy: expect.stringContaining('@') });
    const audit = await app.strapi.db.query('plugin::civic-dialog.audit-entry' as any).findMany({ where: { profileId, action: 'lifted-suppression' } });
    expect(audit).toHaveLength(1);
    expect(await sendWelcome(profileId)).toMatchObject({ status: 'sent' });
    const again = await admin(`/bounces/suppressions/${suppression.id}/lift`, { method: 'POST', body: JSON.stringify({ note: 'twice' }) });
    expect(again.status).toBe(404);

    // The 360° view shows the bounce with its reason and the lifted suppression.
    const detail = (await (await admin(`/profiles/${profileId}`)).json()) as any;
    const items = detail.data?.sections?.bounces ?? detail.sections?.bounces;
    expect(items).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'hard', label: expect.stringContaining('User unknown') }), expect.objectContaining({ status: 'lifted' })]));
  });

  it('the export holds the bounces; the erasure removes them, and keeps the suppression only as a keyed hash that still refuses the address typed in anew', async () => {
    const email = 'erase@example.org';
    const { profileId, verp } = await subscriber(email);
    await readReports(sample('postfix-hard.eml', verp, email));
    // The section of the export (the whole export's other sections are their features' business).
    const exported = await plugin().service('personalData').exportSection('bounces', profileId);
    expect(exported).toEqual(
      expect.arrayContaining([expect.objectContaining({ status: 'hard', label: expect.stringContaining('User unknown') }), expect.objectContaining({ status: 'suppressed', address: email })]),
    );
    expect(plugin().service('personalData').sectionKeys()).toContain('bounces');
    await plugin().service('gdpr').erase(profileId);
    expect(await bouncesOf(profileId)).toEqual([]);
    expect(await suppressionOf(email)).toBeNull();
    const kept = (await app.strapi.db.query('plugin::civic-dialog.suppression' as any).findMany({ where: { email: { $startsWith: 'erased:' } } })) as any[];
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ profileId: null, bounceId: null, state: 'active', reason: 'hard-bounce' });
    expect(JSON.stringify(kept)).not.toContain('erase@example');

    // The dead address typed in again: the confirmation mail is refused, nothing reaches it.
    const mailsBefore = app.mail.to(email).length;
    expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
    // The signup's work runs after its answer (the same answer for every address): wait for its mail row.
    const doiRow = async () => {
      const again = await db.profile(email);
      return again ? app.strapi.db.query('plugin::civic-dialog.message' as any).findOne({ where: { profileId: again.id, kind: 'doi' } }) : null;
    };
    await expect.poll(async () => (await doiRow())?.status, { timeout: 30_000 }).toBe('failed');
    await settleOutbox(app);
    const doi = await doiRow();
    expect(doi.error).toMatch(/suppressed/);
    expect(app.mail.to(email)).toHaveLength(mailsBefore);

    // An editor lifts the kept suppression (the new citizen's mailbox works again): audited like any
    // lift, the entry naming the suppression since there is no profile to name.
    const lifted = await admin(`/bounces/suppressions/${kept[0].id}/lift`, { method: 'POST', body: JSON.stringify({ note: 'New signup, mailbox checked by phone' }) });
    expect(lifted.status).toBe(200);
    const audit = await app.strapi.db.query('plugin::civic-dialog.audit-entry' as any).findMany({ where: { action: 'lifted-suppression', subject: `suppression ${kept[0].id} (erased citizen)` } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ profileId: null, adminEmail: expect.stringContaining('@') });
  });

  it('a newsletter goes to nobody suppressed; its deliveries leave with the short return path, and the report counts their bounces', async () => {
    const topic = await ownTopic(app.strapi, 't-nl-bounce');
    await addSubscribers(knexSql(app.strapi), { count: 3, prefix: 'nlb', topicId: topic.id });
    const [first, second, third] = [1, 2, 3].map((n) => subscriberEmail('nlb', n));
    const suppressedId = (await db.profile(third!)).id;
    await app.strapi.db.query('plugin::civic-dialog.suppression' as any).create({
      data: { email: third, profileId: suppressedId, reason: 'hard-bounce', state: 'active', suppressedAt: new Date() },
    });
    const documentId = await createNewsletter(app.strapi, [topic.documentId]);
    expect((await admin(`/newsletters/${documentId}/send`, { method: 'POST', body: '{}' })).status).toBe(202);
    await app.mail.waitFor(first!);
    await app.mail.waitFor(second!);
    await plugin().service('newsletterSender').drain();
    expect(app.mail.to(third!)).toEqual([]);
    const [delivery] = await app.strapi.db.query('plugin::civic-dialog.newsletter-delivery' as any).findMany({ where: { profileId: suppressedId } });
    expect(delivery).toMatchObject({ status: 'failed' });
    expect(delivery.error).toMatch(/suppressed/);

    const [mail] = app.mail.to(first!);
    expect(mail!.envelopeFrom).toMatch(new RegExp(`^bounces\\+n[0-9a-z]+-[0-9a-f]{12}@${DOMAIN.replace(/\./g, '\\.')}$`));
    await readReports(sample('gmail-over-quota.eml', mail!.envelopeFrom!, first!));
    const [secondMail] = app.mail.to(second!);
    await readReports(sample('postfix-hard.eml', secondMail!.envelopeFrom!, second!));
    const counts = (await (await admin(`/bounces/newsletters?documentIds=${documentId}`)).json()) as any;
    expect(counts.data[documentId]).toEqual({ hard: 1, soft: 1, complaint: 0, unknown: 0 });
  });

  describe('the webhook', () => {
    it('refuses a missing or wrong secret (401) and bad bodies (400, 415), never 500', async () => {
      const ses = readFileSync(join(FIXTURES, 'ses-bounce.json'), 'utf8');
      expect((await webhook(ses, { 'content-type': 'application/json' })).status).toBe(401);
      expect((await webhook(ses, { 'content-type': 'application/json', authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await webhook(ses, { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('sns:wrong').toString('base64')}` })).status).toBe(401);
      const unknown = await webhook(JSON.stringify({ hello: 'world' }), { 'content-type': 'application/json', ...bearer });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.name).toBe('ValidationError');
      expect((await webhook('{"Type": "Notification", "Message": "{"}', { 'content-type': 'text/plain', ...bearer })).status).toBe(400);
      expect((await webhook('this is no mail', { 'content-type': 'message/rfc822', ...bearer })).status).toBe(400);
      expect((await webhook('{not json', { 'content-type': 'application/json', ...bearer })).status).toBe(400);
      expect((await webhook('<html></html>', { 'content-type': 'text/html', ...bearer })).status).toBe(415);
    });

    it('takes Amazon SES (SNS, as text/plain), Mailgun and Postmark notifications and a raw DSN', async () => {
      const fill = (file: string, verp: string, email: string) => readFileSync(join(FIXTURES, file), 'utf8').replaceAll('{{VERP}}', verp).replaceAll('{{RECIPIENT}}', email);
      const ses = await subscriber('ses@example.org');
      const sesAnswer = await webhook(fill('ses-bounce.json', ses.verp, 'ses@example.org'), { 'content-type': 'text/plain; charset=UTF-8', authorization: `Basic ${Buffer.from(`sns:${SECRET}`).toString('base64')}` });
      expect(sesAnswer).toMatchObject({ status: 202, body: { data: { received: 1 } } });
      expect(await suppressionOf('ses@example.org')).toMatchObject({ reason: 'hard-bounce' });

      const mailgun = await subscriber('mailgun@example.org');
      expect(await webhook(fill('mailgun-failed.json', mailgun.verp, 'mailgun@example.org'), { 'content-type': 'application/json', ...bearer })).toMatchObject({ status: 202, body: { data: { received: 1 } } });
      expect(await suppressionOf('mailgun@example.org')).toMatchObject({ reason: 'hard-bounce' });

      await subscriber('postmark@example.org');
      expect(await webhook(fill('postmark-bounce.json', '', 'postmark@example.org'), { 'content-type': 'application/json', ...bearer })).toMatchObject({ status: 202, body: { data: { received: 1 } } });
      expect(await suppressionOf('postmark@example.org')).toMatchObject({ reason: 'hard-bounce' });

      const raw = await subscriber('raw@example.org');
      expect(await webhook(sample('outlook-hard.eml', raw.verp, 'raw@example.org'), { 'content-type': 'message/rfc822', ...bearer })).toMatchObject({ status: 202, body: { data: { received: 1 } } });

      const confirmation = await webhook(readFileSync(join(FIXTURES, 'ses-subscription-confirmation.json'), 'utf8'), { 'content-type': 'text/plain', ...bearer });
      expect(confirmation).toMatchObject({ status: 202, body: { data: { received: 0, ignored: 'sns-subscription' } } });
    });

    it('answers a report about a citizen and one about an unknown address alike (202, same bytes), and records a resent report once', async () => {
      const fill = (verp: string, email: string) => readFileSync(join(FIXTURES, 'ses-bounce.json'), 'utf8').replaceAll('{{VERP}}', verp).replaceAll('{{RECIPIENT}}', email);
      const known = await subscriber('replay-ses@example.org');
      const headers = { 'content-type': 'application/json', ...bearer };
      // Postmark matches by address: a citizen's and a stranger's report must not answer differently.
      const postmark = (email: string) => readFileSync(join(FIXTURES, 'postmark-bounce.json'), 'utf8').replaceAll('{{VERP}}', '').replaceAll('{{RECIPIENT}}', email);
      await subscriber('replay-postmark@example.org');
      const citizen = await webhook(postmark('replay-postmark@example.org'), headers);
      const stranger = await webhook(postmark('nobody-here@example.org'), headers);
      expect(citizen).toEqual({ status: 202, body: { data: { received: 1, ignored: null } } });
      expect(stranger).toEqual(citizen);

      const first = await webhook(fill(known.verp, 'replay-ses@example.org'), headers);
      // The same SES notification again: as SNS resends it, and inside a new SNS envelope (another MessageId).
      const again = await webhook(fill(known.verp, 'replay-ses@example.org'), headers);
      const envelope = JSON.parse(fill(known.verp, 'replay-ses@example.org'));
      const rewrapped = await webhook(JSON.stringify({ ...envelope, MessageId: 'another-sns-message-id' }), headers);
      expect([first, again, rewrapped]).toEqual([first, first, first]);
      expect(first).toEqual({ status: 202, body: { data: { received: 1, ignored: null } } });
      expect(await bouncesOf(known.profileId)).toHaveLength(1);
    });

    it('ignores a forged return path in a provider notification', async () => {
      const { verp } = await subscriber('forged-ses@example.org');
      const forged = verp.replace(/-[0-9a-f]+@/, '-ffffffffffffffff@');
      const body = readFileSync(join(FIXTURES, 'ses-bounce.json'), 'utf8').replaceAll('{{VERP}}', forged).replaceAll('{{RECIPIENT}}', 'forged-ses@example.org');
      expect(await webhook(body, { 'content-type': 'application/json', ...bearer })).toEqual({ status: 202, body: { data: { received: 1, ignored: null } } });
      expect(await suppressionOf('forged-ses@example.org')).toBeNull();
    });
  });
});
