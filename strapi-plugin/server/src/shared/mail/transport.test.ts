import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import PostalMime, { type Email } from 'postal-mime';
import type { Transporter } from 'nodemailer';
import { renderMail } from './renderer';
// The subscription feature's real templates as fixtures (tests may cross the layers; see .dependency-cruiser.cjs).
import { registerSubscriptionMails } from '../../features/subscriptions/mails/extension';

registerSubscriptionMails();
import { createMailTransport, isPermanentSmtpError, sendMail } from './transport';

interface Received {
  rcptTo: string[];
  raw: string;
  parsed: Email;
}

/** A real SMTP server on a random local port that keeps what it receives; some addresses are refused. */
async function startSmtpServer() {
  const received: Received[] = [];
  const server = new SMTPServer({
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('unknown@')) return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      if (address.address.startsWith('busy@')) return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        received.push({
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: raw.toString('utf8'),
          parsed: await PostalMime.parse(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, received };
}

const town = { name: 'Musterstadt', websiteUrl: 'https://www.musterstadt.example', privacyUrl: 'https://www.musterstadt.example/datenschutz' };
const unsubscribeUrl = 'https://cms.musterstadt.example/api/civic-dialog/unsubscribe?token=9q6T8dQk3lZb1uV0x_y-Zr2Wn4Ea7Hc5Jm0Ls8Pk1Tg';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let transport: Transporter;

beforeAll(async () => {
  smtp = await startSmtpServer();
  transport = createMailTransport({ host: '127.0.0.1', port: smtp.port, secure: false, maxConnections: 2 });
});

afterAll(async () => {
  transport?.close();
  await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
});

describe('sending through the pooled SMTP transport', () => {
  it('delivers a welcome mail as multipart text + HTML with RFC 8058 one-click unsubscribe headers', async () => {
    const mail = await renderMail('welcome', 'de', { town, firstName: 'Erika', topics: ['Kultur'], unsubscribeUrl });
    const { messageId } = await sendMail(transport, {
      from: 'Stadt Musterstadt <newsletter@musterstadt.example>',
      replyTo: 'buergerbuero@musterstadt.example',
      to: 'erika@example.org',
      ...mail,
      unsubscribeUrl,
    });

    const got = smtp.received.find((m) => m.rcptTo.includes('erika@example.org'));
    expect(got).toBeDefined();
    const { parsed, raw } = got!;
    expect(parsed.subject).toBe('Willkommen beim Newsletter der Stadt Musterstadt');
    expect(parsed.from?.address).toBe('newsletter@musterstadt.example');
    expect(parsed.replyTo?.[0]?.address).toBe('buergerbuero@musterstadt.example');
    expect(parsed.messageId).toBe(messageId);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(parsed.text).toContain(unsubscribeUrl);
    expect(parsed.html).toContain('Hallo Erika,');

    const headers = Object.fromEntries(parsed.headers.map((h) => [h.key, h.value]));
    expect(headers['list-unsubscribe']).toBe(`<${unsubscribeUrl}>`);
    expect(headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });

  it('sends transactional mails without List-Unsubscribe', async () => {
    const mail = await renderMail('doi', 'en', { town, confirmUrl: 'https://cms.example/api/civic-dialog/confirm?token=t' });
    await sendMail(transport, { from: 'town@musterstadt.example', to: 'john@example.org', ...mail });
    const got = smtp.received.find((m) => m.rcptTo.includes('john@example.org'))!;
    expect(got.parsed.subject).toMatch(/^Please confirm/);
    expect(got.parsed.headers.map((h) => h.key)).not.toContain('list-unsubscribe');
  });

  it('tells a refused mailbox (5xx, permanent) from a temporary refusal (4xx, retry later)', async () => {
    const mail = { from: 'town@musterstadt.example', subject: 's', html: '<p>h</p>', text: 't' };
    const permanent = await sendMail(transport, { ...mail, to: 'unknown@example.org' }).catch((error) => error);
    expect(permanent).toBeInstanceOf(Error);
    expect(isPermanentSmtpError(permanent)).toBe(true);
    const temporary = await sendMail(transport, { ...mail, to: 'busy@example.org' }).catch((error) => error);
    expect(temporary).toBeInstanceOf(Error);
    expect(isPermanentSmtpError(temporary)).toBe(false);
    expect(isPermanentSmtpError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }))).toBe(false);
  });
});
