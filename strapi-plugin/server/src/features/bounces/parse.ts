import { createHash } from 'node:crypto';
import { simpleParser, type Attachment } from 'mailparser';
import { verpCandidates } from './verp';

export type BounceKind = 'hard' | 'soft' | 'complaint' | 'unknown';

/** What one report says about one recipient of one mail. */
export interface BounceReport {
  kind: BounceKind;
  /** The recipient the report names (the row's address is what counts, see services/bounces.ts). */
  recipient: string | null;
  /** RFC 3463 status (5.1.1) or the provider's code. */
  statusCode: string | null;
  /** Diagnostic code or description, for editors. */
  reason: string | null;
  /** Our VERP addresses in the report: each is verified before it names a row. */
  returnPaths: string[];
  /** Unique per report and recipient: a report read twice (two instances, a webhook retry) counts once. */
  reportKey: string;
  /** imap, webhook:raw, webhook:ses, webhook:mailgun, webhook:postmark. */
  source: string;
}

/** The return path's parts, to find our VERP addresses in a report. */
export interface VerpShape {
  localPart: string;
  domain: string;
}

/** A body that is no report of any known kind (the webhook answers 400). */
export class InvalidReportError extends Error {}

const REASON_MAX = 500;
const clip = (text: string | null | undefined): string | null => {
  const value = (text ?? '').replace(/\s+/g, ' ').trim();
  return value ? value.slice(0, REASON_MAX) : null;
};
const keyOf = (...parts: Array<string | null | undefined>) =>
  createHash('sha256').update(parts.map((part) => part ?? '').join('\n')).digest('hex');

/** Header-style fields (RFC 822 continuation lines) of a delivery-status or feedback-report part, in groups separated by blank lines. */
export function fieldGroups(text: string): Array<Map<string, string>> {
  const groups: Array<Map<string, string>> = [];
  for (const block of text.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last: string | null = null;
    for (const line of block.split('\n')) {
      if (/^\s/.test(line) && last) {
        fields.set(last, `${fields.get(last)} ${line.trim()}`);
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      fields.set(last, line.slice(colon + 1).trim());
    }
    if (fields.size) groups.push(fields);
  }
  return groups;
}

/** `rfc822; a@b.example` → `a@b.example`. */
const addressOf = (value: string | undefined): string | null => {
  if (!value) return null;
  const address = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  return address.replace(/[<>]/g, '').trim().toLowerCase() || null;
};

/**
 * RFC 3464's per-recipient fields → hard or soft. 5.x.x is permanent, except a full mailbox
 * (5.2.2, which many servers send for a temporary state); 4.x.x and "delayed" are soft.
 * A "delivered", "relayed" or "expanded" report is no bounce.
 */
export function classifyDsn(action: string | undefined, status: string | undefined): BounceKind {
  const act = (action ?? '').toLowerCase();
  const code = (status ?? '').trim();
  if (['delivered', 'relayed', 'expanded'].includes(act)) return 'unknown';
  if (act === 'delayed' || code.startsWith('4') || code.startsWith('5.2.2')) return 'soft';
  if (code.startsWith('5')) return 'hard';
  return act === 'failed' ? 'hard' : 'unknown';
}

const partText = (attachment: Attachment) => attachment.content.toString('utf8');

/**
 * The body of a MIME part of this type, read from the raw text: mailparser folds
 * message/delivery-status into the message's text. Report parts are 7-bit text (RFC 3464 §2.1).
 */
export function rawPartBody(text: string, type: string): string | null {
  const escaped = type.replace(/[/.]/g, '\\$&');
  const header = new RegExp(`^Content-Type:[ \\t]*${escaped}\\b[^\\n]*\\n(?:[ \\t][^\\n]*\\n)*(?:[A-Za-z-]+:[^\\n]*\\n(?:[ \\t][^\\n]*\\n)*)*\\n`, 'im');
  const normalised = text.replace(/\r\n/g, '\n');
  const match = header.exec(normalised);
  if (!match) return null;
  const rest = normalised.slice(match.index + match[0].length);
  const end = rest.search(/^--\S/m);
  return end >= 0 ? rest.slice(0, end) : rest;
}

/**
 * One raw message from the bounce mailbox (or posted to the webhook): a DSN (RFC 3464,
 * `multipart/report; report-type=delivery-status`), an ARF complaint (RFC 5965, `feedback-report`),
 * or anything else (an out-of-office, an old-style text bounce) → one report of kind `unknown`.
 */
export async function parseRawReport(raw: string | Buffer, verp: VerpShape, source: string): Promise<BounceReport[]> {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  if (!/^[A-Za-z][A-Za-z0-9-]*:/.test(text.trimStart())) throw new InvalidReportError('The body is no mail message (no header lines).');
  const parsed = await simpleParser(text, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const messageKey = parsed.messageId || keyOf(text);
  const returnPaths = verpCandidates(text, verp.localPart, verp.domain);
  const parts = parsed.attachments ?? [];
  const typeOf = (attachment: Attachment) => attachment.contentType.toLowerCase();

  const feedback = parts.find((part) => typeOf(part) === 'message/feedback-report');
  if (feedback) {
    const fields = fieldGroups(partText(feedback))[0] ?? new Map<string, string>();
    const recipient = addressOf(fields.get('original-rcpt-to'));
    return [
      {
        kind: 'complaint',
        recipient,
        statusCode: null,
        reason: clip(`Complaint (${fields.get('feedback-type') ?? 'abuse'}) from ${fields.get('user-agent') ?? 'a feedback loop'}`),
        returnPaths,
        reportKey: keyOf(source, messageKey, recipient),
        source,
      },
    ];
  }

  const statusPart = parts.find((part) => ['message/delivery-status', 'message/global-delivery-status'].includes(typeOf(part)));
  const status = statusPart ? partText(statusPart) : (rawPartBody(text, 'message/delivery-status') ?? rawPartBody(text, 'message/global-delivery-status'));
  // Only a report's own status part counts, not one quoted in a forwarded message.
  const isReport = (parsed.headers.get('content-type') as { value?: string } | undefined)?.value?.toLowerCase() === 'multipart/report';
  if (status && isReport) {
    const [, ...recipients] = fieldGroups(status);
    const reports = recipients
      .filter((fields) => fields.has('final-recipient') || fields.has('action'))
      .map((fields): BounceReport => {
        const recipient = addressOf(fields.get('final-recipient') ?? fields.get('original-recipient'));
        const statusCode = fields.get('status')?.split(/\s/)[0] ?? null;
        return {
          kind: classifyDsn(fields.get('action'), statusCode ?? undefined),
          recipient,
          statusCode,
          reason: clip(fields.get('diagnostic-code')?.replace(/^smtp;\s*/i, '') ?? fields.get('action')),
          returnPaths,
          reportKey: keyOf(source, messageKey, recipient),
          source,
        };
      });
    if (reports.length) return reports;
  }

  return [{ kind: 'unknown', recipient: null, statusCode: null, reason: clip(parsed.subject) ?? null, returnPaths, reportKey: keyOf(source, messageKey), source }];
}

const asObject = (value: unknown): Record<string, any> | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>) : null;
const asText = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/** What a provider's JSON body says: reports, or a notice to acknowledge and otherwise ignore. */
export type ProviderReports = { reports: BounceReport[] } | { ignored: string; detail?: string };

/**
 * The JSON bounce notifications of common providers: Amazon SES (through SNS, or as an SES event),
 * Mailgun (webhooks, `event-data`), Postmark (bounce and spam-complaint webhooks).
 */
export function parseProviderJson(body: unknown, verp: VerpShape): ProviderReports {
  const root = asObject(body);
  if (!root) throw new InvalidReportError('The body is not a JSON object.');

  // Amazon SNS wraps the SES notification as a JSON string in `Message`.
  if (root.Type === 'SubscriptionConfirmation' || root.Type === 'UnsubscribeConfirmation') {
    return { ignored: 'sns-subscription', detail: asText(root.SubscribeURL) ?? undefined };
  }
  if (root.Type === 'Notification') {
    let inner: unknown;
    try {
      inner = JSON.parse(String(root.Message));
    } catch {
      throw new InvalidReportError('The SNS notification\'s Message is not JSON.');
    }
    return parseSes(inner, verp, asText(root.MessageId));
  }
  if (root.notificationType || root.eventType) return parseSes(root, verp, null);

  const event = asObject(root['event-data']);
  if (event) return parseMailgun(event, verp);

  if (root.RecordType === 'Bounce' || root.RecordType === 'SpamComplaint') return parsePostmark(root);

  throw new InvalidReportError('The body is no bounce notification of a known provider (Amazon SES/SNS, Mailgun, Postmark).');
}

function parseSes(body: unknown, verp: VerpShape, notificationId: string | null): ProviderReports {
  const root = asObject(body);
  const type = asText(root?.notificationType) ?? asText(root?.eventType);
  const mail = asObject(root?.mail);
  if (!root || !type || !mail) throw new InvalidReportError('The SES notification has no notificationType or mail.');
  const source = asText(mail.source) ?? '';
  const returnPaths = verpCandidates(source, verp.localPart, verp.domain);
  // SES's feedbackId names one bounce or complaint event, however it arrives (inside an SNS envelope with
  // its own MessageId, or sent again outside one): a replay is the same report.
  const feedbackId = asText(asObject(root.bounce)?.feedbackId) ?? asText(asObject(root.complaint)?.feedbackId);
  const messageKey = feedbackId ?? notificationId ?? asText(mail.messageId) ?? keyOf(JSON.stringify(root));
  if (type === 'Bounce') {
    const bounce = asObject(root.bounce);
    const recipients = Array.isArray(bounce?.bouncedRecipients) ? bounce!.bouncedRecipients : [];
    if (!recipients.length) throw new InvalidReportError('The SES bounce names no bounced recipients.');
    const kind: BounceKind = bounce!.bounceType === 'Permanent' ? 'hard' : bounce!.bounceType === 'Transient' ? 'soft' : 'unknown';
    return {
      reports: recipients.map((entry: unknown) => {
        const recipient = asText(asObject(entry)?.emailAddress)?.toLowerCase() ?? null;
        return {
          kind,
          recipient,
          statusCode: asText(asObject(entry)?.status),
          reason: clip(asText(asObject(entry)?.diagnosticCode) ?? `${bounce!.bounceType}/${bounce!.bounceSubType}`),
          returnPaths,
          reportKey: keyOf('webhook:ses', messageKey, recipient),
          source: 'webhook:ses',
        };
      }),
    };
  }
  if (type === 'Complaint') {
    const complaint = asObject(root.complaint);
    const recipients = Array.isArray(complaint?.complainedRecipients) ? complaint!.complainedRecipients : [];
    if (!recipients.length) throw new InvalidReportError('The SES complaint names no recipients.');
    return {
      reports: recipients.map((entry: unknown) => {
        const recipient = asText(asObject(entry)?.emailAddress)?.toLowerCase() ?? null;
        return {
          kind: 'complaint' as const,
          recipient,
          statusCode: null,
          reason: clip(`Complaint (${asText(complaint!.complaintFeedbackType) ?? 'abuse'})`),
          returnPaths,
          reportKey: keyOf('webhook:ses', messageKey, recipient),
          source: 'webhook:ses',
        };
      }),
    };
  }
  return { ignored: `ses-${type.toLowerCase()}` };
}

function parseMailgun(event: Record<string, any>, verp: VerpShape): ProviderReports {
  const name = asText(event.event);
  const recipient = asText(event.recipient)?.toLowerCase() ?? null;
  if (!name || !recipient) throw new InvalidReportError('The Mailgun event has no event or recipient.');
  const sender = asText(asObject(event.envelope)?.sender) ?? '';
  const returnPaths = verpCandidates(sender, verp.localPart, verp.domain);
  const reportKey = keyOf('webhook:mailgun', asText(event.id) ?? JSON.stringify(event), recipient);
  const status = asObject(event['delivery-status']);
  if (name === 'failed' || name === 'bounced') {
    const kind: BounceKind = event.severity === 'temporary' ? 'soft' : 'hard';
    const code = asText(status?.['enhanced-code']) ?? (status?.code != null ? String(status.code) : null);
    return { reports: [{ kind, recipient, statusCode: code, reason: clip(asText(status?.message) ?? asText(status?.description) ?? asText(event.reason)), returnPaths, reportKey, source: 'webhook:mailgun' }] };
  }
  if (name === 'complained') {
    return { reports: [{ kind: 'complaint', recipient, statusCode: null, reason: 'Complaint (Mailgun)', returnPaths, reportKey, source: 'webhook:mailgun' }] };
  }
  return { ignored: `mailgun-${name}` };
}

/** Postmark's bounce types that are permanent; the rest of its bounce types are soft or not bounces at all. */
const POSTMARK_HARD = new Set(['HardBounce', 'BadEmailAddress', 'ManuallyDeactivated', 'Blocked']);
const POSTMARK_SOFT = new Set(['SoftBounce', 'Transient', 'DnsError', 'AutoResponder', 'ChallengeVerification']);

function parsePostmark(root: Record<string, any>): ProviderReports {
  const recipient = asText(root.Email)?.toLowerCase() ?? null;
  if (!recipient) throw new InvalidReportError('The Postmark record has no Email.');
  const reportKey = keyOf('webhook:postmark', String(root.ID ?? root.MessageID ?? ''), recipient, String(root.RecordType));
  if (root.RecordType === 'SpamComplaint' || root.Type === 'SpamComplaint') {
    return { reports: [{ kind: 'complaint', recipient, statusCode: null, reason: 'Complaint (Postmark)', returnPaths: [], reportKey, source: 'webhook:postmark' }] };
  }
  const type = asText(root.Type) ?? '';
  const kind: BounceKind = POSTMARK_HARD.has(type) ? 'hard' : POSTMARK_SOFT.has(type) ? 'soft' : 'unknown';
  return {
    reports: [{ kind, recipient, statusCode: root.TypeCode != null ? String(root.TypeCode) : null, reason: clip(asText(root.Details) ?? asText(root.Description)), returnPaths: [], reportKey, source: 'webhook:postmark' }],
  };
}
