import { AsyncResource } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Transporter } from 'nodemailer';
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { getConfig, preferencesPageUrl } from '../../utils/config';
import { manageLinkUrl } from '../client/preferences';
import { getService } from '../../utils/services';
import { topicName, type TopicRow } from '../client/catalog';
import { MAIL_KINDS, renderMail, renderSubject, resolveLocale, type MailKind, type MailView } from './renderer';
import { refusalReason, retryDelayMs } from './policy';
import { createMessageStore, type SendOutcome } from './store';
import { createMailTransport, isPermanentSmtpError, sendMail } from './transport';

export interface EnqueueInput {
  profileId: number;
  kind: MailKind;
  /** Defaults to the profile's locale. */
  locale?: string;
  /**
   * Template data, stored on the row. Never raw tokens: links are made when the mail is sent.
   * doi: { consentId, topics: slug[] }; welcome: { topics: slug[] }; newsletter/event: bulletin fields.
   */
  data?: Record<string, unknown>;
  /** At most one message per key, e.g. `campaign:<id>:<profileId>`. */
  dedupeKey?: string;
  /**
   * The recipient as the caller has just read or written it in the same transaction; saves
   * loading the profile again. Must be the current row (the address the mail goes to).
   */
  profile?: ProfileRow;
}

export interface DrainSummary {
  sent: number;
  retried: number;
  failed: number;
}

interface MessageRow {
  id: number;
  profileId: number;
  kind: MailKind;
  status: string;
  toAddress: string;
  locale: string;
  subject: string;
  data: Record<string, unknown> | null;
  attempts: number;
}

export interface ProfileRow {
  id: number;
  email: string | null;
  firstName: string | null;
  locale: string;
  status: 'pending' | 'active' | 'unsubscribed' | 'erased';
}

/** A send that must not happen (and will not be retried). */
class RefusedError extends Error {}

/** What a feature adds to a mail of its own kind at send time: links (tokens are made now), attachments, or a refusal. */
export interface MailExtras {
  view?: Partial<MailView>;
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
  /** Set when the mail no longer makes sense (e.g. a reminder for a cancelled registration). */
  refusal?: string;
}
export type MailExtension = (message: {
  id: number;
  kind: MailKind;
  profileId: number;
  data: Record<string, unknown>;
  /** Base URL of the CMS for links, without a trailing slash. */
  publicUrl: string;
}) => Promise<MailExtras>;

// Bound while the bundle loads, outside any request: drains started from inside a request's
// transaction (AsyncLocalStorage) must not run their queries in that transaction.
const outsideRequest = AsyncResource.bind(<T>(run: () => Promise<T>): Promise<T> => run());

/** How long a kick waits so that the mails of a burst of requests are claimed as one batch. */
const KICK_COALESCE_MS = 10;
/** How often a busy outbox looks for orphaned claims besides the first drain and drain(). */
const RECLAIM_EVERY_MS = 30_000;


/**
 * The mail outbox. Callers enqueue a row inside their own transaction and kick after commit; the
 * worker claims queued rows in batches, makes the links (tokens are issued only now, so no raw
 * token is ever stored), renders, sends over a pooled SMTP transport and records the outcome.
 * Several instances on PostgreSQL share the queue safely (FOR UPDATE SKIP LOCKED); on SQLite
 * one process drains at a time.
 */
const outbox = ({ strapi }: { strapi: Core.Strapi }) => {
  const instanceId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`.slice(0, 255);
  const config = () => getConfig(strapi);
  const client = () => strapi.db.dialect.client as string;
  const store = () =>
    createMessageStore({
      knex: strapi.db.connection,
      client: client(),
      schema: strapi.db.getSchemaName?.() || undefined,
      instanceId,
    });

  let transport: Transporter | null = null;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<DrainSummary> | null = null;
  let rerun = false;
  let stopping = false;
  let recovered = false;
  let reclaimNow = false;
  let lastReclaimAt = 0;
  let kickTimer: NodeJS.Timeout | null = null;
  const extensions = new Map<MailKind, MailExtension>();

  const mailTransport = () => (transport ??= createMailTransport(config().mail.smtp));

  function publicUrl(): string {
    const server = (key: string) => strapi.config.get(`server.${key}`) as string | number | undefined;
    const base = config().publicUrl || (server('url') as string) || `http://${server('host') ?? 'localhost'}:${server('port') ?? 1337}`;
    return base.replace(/\/+$/, '');
  }

  async function loadProfile(profileId: number): Promise<ProfileRow | null> {
    return (await strapi.db.query(UID.profile).findOne({
      where: { id: profileId },
      select: ['id', 'email', 'firstName', 'locale', 'status'],
    })) as ProfileRow | null;
  }

  /** The latest confirmation or withdrawal of the newsletter consent (the ledger is append-only). */
  async function lastNewsletterConsent(profileId: number): Promise<'confirmed' | 'withdrawn' | null> {
    const latest = (await strapi.db.query(UID.consent).findOne({
      where: { profileId, purpose: 'newsletter', action: { $in: ['confirmed', 'withdrawn'] } },
      orderBy: { id: 'desc' },
      select: ['id', 'action'],
    })) as { action: 'confirmed' | 'withdrawn' } | null;
    return latest?.action ?? null;
  }

  /** Topic slugs in the data → names in the mail's language (unknown slugs are shown as they are). */
  async function topicNames(slugs: unknown, locale: 'de' | 'en'): Promise<string[]> {
    if (!Array.isArray(slugs) || !slugs.length) return [];
    const wanted = slugs.map(String);
    // From the catalog's in-process topic cache (a few seconds stale at most): no query per mail.
    const catalog = getService(strapi, 'catalog');
    const rows: Pick<TopicRow, 'slug' | 'nameDe' | 'nameEn'>[] = await catalog.topicsBySlug(wanted);
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    return wanted.map((slug) => {
      const row = bySlug.get(slug);
      return row ? topicName(row, locale) : slug;
    });
  }

  /** The recipients of a claimed batch in one query (instead of one per mail). */
  async function loadProfiles(profileIds: number[]): Promise<Map<number, ProfileRow>> {
    const rows = (await strapi.db.query(UID.profile).findMany({
      where: { id: { $in: [...new Set(profileIds)] } },
      select: ['id', 'email', 'firstName', 'locale', 'status'],
    })) as ProfileRow[];
    return new Map(rows.map((row) => [Number(row.id), row]));
  }

  async function send(message: MessageRow, recipient?: ProfileRow | null): Promise<string> {
    const cfg = config();
    const tokens = getService(strapi, 'tokens');
    const profile = recipient === undefined ? await loadProfile(message.profileId) : recipient;
    const consent = message.kind === 'newsletter' && profile ? await lastNewsletterConsent(profile.id) : null;
    const refusal = refusalReason(message.kind, profile, consent);
    if (refusal || !profile) throw new RefusedError(refusal ?? 'Refused.');

    const data = message.data ?? {};
    const locale = resolveLocale(message.locale);
    const view: MailView = {
      ...(data as Partial<MailView>),
      town: cfg.town,
      firstName: profile.firstName,
      topics: await topicNames(data.topics, locale),
    };
    if (message.kind === 'doi') {
      const token = await tokens.issue({
        purpose: 'doi',
        profileId: profile.id,
        payload: { consentId: data.consentId },
        ttlSeconds: cfg.tokens.doiTtlSeconds,
      });
      view.confirmUrl = `${publicUrl()}/api/civic-dialog/confirm?token=${encodeURIComponent(token)}`;
      view.expiresInSeconds = cfg.tokens.doiTtlSeconds;
    }
    if (message.kind === 'welcome' || message.kind === 'newsletter') {
      const token = await tokens.issue({
        purpose: 'unsubscribe',
        profileId: profile.id,
        ttlSeconds: cfg.tokens.unsubscribeTtlSeconds,
      });
      view.unsubscribeUrl = `${publicUrl()}/api/civic-dialog/unsubscribe?token=${encodeURIComponent(token)}`;
    }
    if (message.kind === 'manage-link' || message.kind === 'welcome' || message.kind === 'newsletter') {
      const token = await tokens.issue({
        purpose: 'manage-link',
        profileId: profile.id,
        ttlSeconds: cfg.tokens.manageLinkTtlSeconds,
      });
      // A requested link returns to the (allowed) page it was asked on; mails link the town's page.
      const page = message.kind === 'manage-link' && typeof data.pageUrl === 'string' ? data.pageUrl : preferencesPageUrl(strapi);
      view.manageUrl = manageLinkUrl(page, token);
      view.expiresInSeconds = cfg.tokens.manageLinkTtlSeconds;
    }

    const extras = (await extensions.get(message.kind)?.({ id: message.id, kind: message.kind, profileId: profile.id, data, publicUrl: publicUrl() })) ?? {};
    if (extras.refusal) throw new RefusedError(extras.refusal);
    Object.assign(view, extras.view);

    const mail = await renderMail(message.kind, locale, view);
    const { messageId } = await sendMail(mailTransport(), {
      from: cfg.mail.from,
      replyTo: cfg.mail.replyTo,
      to: message.toAddress,
      // The subject stored at enqueue time is the one the admin lists.
      subject: message.subject || mail.subject,
      html: mail.html,
      text: mail.text,
      unsubscribeUrl: view.unsubscribeUrl,
      attachments: extras.attachments,
    });
    return messageId;
  }

  async function deliver(message: MessageRow, recipient?: ProfileRow | null): Promise<SendOutcome> {
    const { maxAttempts, retryDelaySeconds } = config().mail;
    try {
      return { id: message.id, status: 'sent', providerMessageId: await send(message, recipient) };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const attempts = message.attempts + 1;
      if (error instanceof RefusedError || isPermanentSmtpError(error) || attempts >= maxAttempts) {
        strapi.log.warn(`civic-dialog: mail ${message.id} (${message.kind}) failed: ${text}`);
        return { id: message.id, status: 'failed', error: text };
      }
      const retryAt = new Date(Date.now() + retryDelayMs(attempts, retryDelaySeconds));
      return { id: message.id, status: 'queued', error: text, nextAttemptAt: retryAt };
    }
  }

  async function drainUntilEmpty(): Promise<DrainSummary> {
    const { batchSize, maxAttempts, sendingTimeoutSeconds, smtp } = config().mail;
    const summary: DrainSummary = { sent: 0, retried: 0, failed: 0 };
    const messages = store();
    // SQLite has one worker per database, so after a restart every 'sending' row is an orphan.
    // Orphans are rare (a worker died mid-send): look for them on the first drain, on drain(), and
    // then at most every RECLAIM_EVERY_MS (the poller's kicks), not on every signup's kick.
    if (!recovered || reclaimNow || Date.now() - lastReclaimAt >= RECLAIM_EVERY_MS) {
      const orphanedBefore =
        client() === 'sqlite' && !recovered ? new Date() : new Date(Date.now() - sendingTimeoutSeconds * 1000);
      reclaimNow = false;
      await messages.reclaim(orphanedBefore, maxAttempts);
      recovered = true;
      lastReclaimAt = Date.now();
    }

    while (!stopping) {
      const ids = await messages.claim(batchSize);
      if (!ids.length) break;
      const rows = (await strapi.db.query(UID.message).findMany({
        where: { id: { $in: ids } },
        orderBy: { id: 'asc' },
      })) as MessageRow[];
      const recipients = await loadProfiles(rows.map((row) => row.profileId));
      // As many sends in flight as the SMTP pool has connections.
      const queue = [...rows];
      await Promise.all(
        Array.from({ length: Math.max(1, Math.min(smtp.maxConnections, queue.length)) }, async () => {
          for (let row = queue.shift(); row; row = queue.shift()) {
            const outcome = await deliver(row, recipients.get(Number(row.profileId)) ?? null);
            if (!(await messages.finish(outcome))) {
              strapi.log.warn(`civic-dialog: mail ${row.id} was reclaimed by another worker while this one sent it`);
            }
            summary[outcome.status === 'sent' ? 'sent' : outcome.status === 'queued' ? 'retried' : 'failed'] += 1;
          }
        }),
      );
    }
    return summary;
  }

  function startRun(): Promise<DrainSummary> {
    const run = outsideRequest(async () => {
      const total: DrainSummary = { sent: 0, retried: 0, failed: 0 };
      do {
        rerun = false;
        const summary = await drainUntilEmpty();
        total.sent += summary.sent;
        total.retried += summary.retried;
        total.failed += summary.failed;
      } while (rerun && !stopping);
      return total;
    });
    current = run.finally(() => {
      current = null;
    });
    return current;
  }

  function kick(): void {
    if (stopping) return;
    if (current) {
      // The running drain claims again before it ends, so this mail goes out in its next batch.
      rerun = true;
      return;
    }
    // A burst of signups (one kick each) becomes one drain with one batch a few ms later.
    kickTimer ??= setTimeout(() => {
      kickTimer = null;
      if (stopping) return;
      if (current) {
        rerun = true;
        return;
      }
      startRun().catch((error) => strapi.log.error(`civic-dialog: outbox drain failed: ${error?.stack ?? error}`));
    }, KICK_COALESCE_MS);
  }

  return {
    /**
     * Queues one mail. Runs in the caller's transaction when there is one (the Query Engine joins
     * it), so the mail exists exactly when the caller's change does. Call `kick()` after commit.
     */
    async enqueue(input: EnqueueInput): Promise<{ id: number; duplicate?: boolean }> {
      if (!MAIL_KINDS.includes(input.kind)) throw new Error(`civic-dialog outbox: unknown mail kind "${input.kind}"`);
      const profile = input.profile?.id === input.profileId ? input.profile : await loadProfile(input.profileId);
      if (!profile || !profile.email || profile.status === 'erased') {
        throw new Error(`civic-dialog outbox: profile ${input.profileId} cannot receive mail`);
      }
      if (input.dedupeKey) {
        const existing = await strapi.db.query(UID.message).findOne({ where: { dedupeKey: input.dedupeKey }, select: ['id'] });
        if (existing) return { id: Number(existing.id), duplicate: true };
      }
      const locale = resolveLocale(input.locale ?? profile.locale);
      const data = input.data ?? {};
      // Invariant 3: links with tokens are made at send time and exist only in the sent mail.
      if (/token=/i.test(JSON.stringify(data))) {
        throw new Error('civic-dialog outbox: message data must not contain link tokens');
      }
      const subject = renderSubject(input.kind, locale, {
        ...(data as Partial<MailView>),
        town: config().town,
        firstName: profile.firstName,
        topics: [],
      });
      // createMany: one INSERT, without create()'s SELECT of the row just written.
      const { ids } = await strapi.db.query(UID.message).createMany({
        data: [
          {
            profileId: profile.id,
            kind: input.kind,
            status: 'queued',
            toAddress: profile.email,
            locale,
            subject,
            data,
            attempts: 0,
            dedupeKey: input.dedupeKey ?? null,
          },
        ],
      });
      return { id: Number(ids[0]) };
    },

    /** Starts a drain now unless one is running in this process (then it runs once more). Never throws. */
    kick,

    /** Sends everything that is due now; resolves when the queue is empty (for tests and jobs). */
    drain(): Promise<DrainSummary> {
      reclaimNow = true;
      if (current) {
        rerun = true;
        return current;
      }
      return startRun();
    },

    /** Bootstrap: indexes, then a first drain for leftovers of a previous run, then the poller. */
    async start(): Promise<void> {
      stopping = false;
      await store().ensureIndexes();
      const { pollIntervalMs } = config().mail;
      if (pollIntervalMs > 0) {
        timer = setInterval(kick, pollIntervalMs);
        timer.unref();
      }
      kick();
    },

    /** Destroy: stop polling, let the running batch finish, close the SMTP pool. */
    async stop(): Promise<void> {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = null;
      if (kickTimer) clearTimeout(kickTimer);
      kickTimer = null;
      if (current) {
        await Promise.race([current.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      }
      transport?.close();
      transport = null;
    },

    /** A feature's send-time additions for its mail kinds (registered in bootstrap). */
    extend(kinds: MailKind[], extension: MailExtension): void {
      for (const kind of kinds) extensions.set(kind, extension);
    },

    /** Which instance claims rows (shown in claimed_by). */
    instanceId,
  };
};

export default outbox;
export type OutboxService = ReturnType<typeof outbox>;
