import nodemailer from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { PluginConfig } from '../../kernel/config';

export type SmtpConfig = PluginConfig['mail']['smtp'];
export type DkimConfig = NonNullable<PluginConfig['mail']['dkim']>;

/** One mail ready for SMTP. */
export interface OutgoingMail {
  from: string;
  replyTo?: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Newsletter-type mails: adds List-Unsubscribe and RFC 8058 one-click headers. */
  unsubscribeUrl?: string;
  /**
   * The envelope sender (SMTP MAIL FROM, the Return-Path bounces go to), e.g. a VERP address that
   * names the mail's row; the From header stays. Unset: nodemailer uses From.
   */
  returnPath?: string;
  /** e.g. the .ics of an event registration. */
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

/**
 * A pooled SMTP transport: a few long-lived connections shared by all sends of this process.
 * With `dkim` (config mail.dkim) nodemailer signs every mail (DKIM, RFC 6376).
 */
export function createMailTransport(smtp: SmtpConfig, dkim?: DkimConfig | null): Transporter {
  return nodemailer.createTransport({
    pool: true,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    maxConnections: smtp.maxConnections,
    // Bounded well below mail.sendingTimeoutSeconds, so a slow send is never reclaimed and sent twice.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    ...(dkim?.privateKey ? { dkim: { domainName: dkim.domainName, keySelector: dkim.keySelector, privateKey: dkim.privateKey } } : {}),
  });
}

export function toSendMailOptions(mail: OutgoingMail): SendMailOptions {
  const headers: SendMailOptions['headers'] = {};
  if (mail.unsubscribeUrl) {
    // `prepared` keeps nodemailer from folding or encoding the URL inside the angle brackets.
    headers['List-Unsubscribe'] = { prepared: true, value: `<${mail.unsubscribeUrl}>` };
    headers['List-Unsubscribe-Post'] = { prepared: true, value: 'List-Unsubscribe=One-Click' };
  }
  return {
    from: mail.from,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers,
    ...(mail.returnPath ? { envelope: { from: mail.returnPath, to: mail.to } } : {}),
    ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
  };
}

/** Sends one mail; resolves with the Message-ID the mail went out with. */
export async function sendMail(transport: Transporter, mail: OutgoingMail): Promise<{ messageId: string }> {
  // What nodemailer would choose for these mostly Latin texts, without scanning each mail for it (as the newsletter sender does).
  const info = await transport.sendMail({ ...toSendMailOptions(mail), textEncoding: 'quoted-printable' });
  return { messageId: String(info.messageId ?? '') };
}

/** SMTP 5xx answers (unknown mailbox, rejected content) will not get better by retrying. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
