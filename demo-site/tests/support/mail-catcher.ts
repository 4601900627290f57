import { SMTPServer } from 'smtp-server';
import PostalMime from 'postal-mime';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  /** Attached files, content decoded as UTF-8 text (e.g. an .ics). */
  attachments: Array<{ filename: string; mimeType: string; content: string }>;
  /** The SMTP login the sender used (SMTP_USER): tells several instances apart. */
  smtpUser: string | null;
  /** The envelope sender (MAIL FROM): where bounces go (a VERP address with bounces.domain set). */
  envelopeFrom: string | null;
}

/** How the catcher answers one mail: accept it, or refuse it with an SMTP code on purpose. */
export type SmtpAnswer = { accept: true } | { accept: false; code: number; message: string };

/** A real SMTP server in the test process that keeps every mail it receives. */
export class MailCatcher {
  readonly mails: ReceivedMail[] = [];
  /** Every refusal it answered on purpose, in order. */
  readonly refused: Array<{ to: string[]; code: number; at: number }> = [];
  /** Decides the answer to each mail by its recipients (default: accept every mail). */
  answer: (to: string[]) => SmtpAnswer = () => ({ accept: true });
  private server = new SMTPServer({
    // No resolver here: a reverse lookup would hold every connection for seconds.
    disableReverseLookup: true,
    authOptional: true,
    // Any login is accepted over plain TCP on localhost: it only names the sending instance.
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? '' }),
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const to = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
      const answer = this.answer(to);
      if (!answer.accept) {
        stream.resume();
        stream.on('end', () => {
          this.refused.push({ to, code: answer.code, at: Date.now() });
          callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
        });
        return;
      }
      const chunks: Buffer[] = [];
      // A sender that goes away mid-message ends the stream with an error: that mail never arrived.
      stream.on('error', (error) => callback(error));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        PostalMime.parse(Buffer.concat(chunks))
          .then((parsed) => {
            this.mails.push({
              to,
              from: parsed.from?.address ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: parsed.html ?? '',
              headers: Object.fromEntries(parsed.headers.map((h) => [h.key.toLowerCase(), h.value])),
              attachments: parsed.attachments.map((attachment) => ({
                filename: attachment.filename ?? '',
                mimeType: attachment.mimeType,
                content:
                  typeof attachment.content === 'string' ? attachment.content : new TextDecoder().decode(attachment.content),
              })),
              smtpUser: typeof session.user === 'string' && session.user ? session.user : null,
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : null,
            });
            callback();
          })
          .catch(callback);
      });
    },
  });

  port = 0;
  /** Connection errors the server reported (a sender killed mid-mail resets its connection). */
  readonly connectionErrors: Error[] = [];

  async start() {
    // Without a listener, an SMTPServer 'error' (ECONNRESET from a SIGKILLed instance's socket in
    // the middle of a mail) is thrown as an uncaught exception and fails the whole test run.
    this.server.on('error', (error: Error) => this.connectionErrors.push(error));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop() {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  to(address: string) {
    return this.mails.filter((mail) => mail.to.includes(address.toLowerCase()));
  }

  /** Waits until `count` mails to `address` have arrived and returns them. */
  async waitFor(address: string, count = 1, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const received = this.to(address);
      if (received.length >= count) return received;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`expected ${count} mail(s) to ${address}, got ${this.to(address).length}`);
  }
}

/** The first link in a mail's text that points at the given path. */
export function linkTo(mail: ReceivedMail, path: string): URL {
  const match = mail.text.match(new RegExp(`https?://[^\\s<>"]*${path.replace(/[/?]/g, '\\$&')}[^\\s<>"]*`));
  if (!match) throw new Error(`no link to ${path} in mail "${mail.subject}"`);
  return new URL(match[0]);
}
