import { AsyncResource } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Transporter } from 'nodemailer';
import type { Strapi } from '../../kernel/types';
import { SHARED_UID } from '../tables';
import { getConfig } from '../../kernel/get-config';
import { redactEmails } from '../../kernel/log-redaction';
import { isMailKind, renderMail, renderSubject, resolveLocale, type MailKind, type MailLocale, type MailView } from './renderer';
import { refusalReason, retryDelayMs } from './policy';
import { createMessageStore, type SendOutcome } from './store';
import { reclaimFromDeadInstances, type ClaimedRows } from './claims';
import { createMailTransport, isPermanentSmtpError, sendMail } from './transport';
import { messageRows } from './rows';
import { profileRows } from '../citizens/rows';
import { consentRows } from '../consent/rows';
import type { RowOf } from '../../kernel/db';
import { getService } from '../../kernel/services';
import { makeToken, type IssueTokenInput, type MadeToken } from '../tokens/tokens';

export interface EnqueueInput {
  profileId: number;
  kind: MailKind;
  /** Defaults to the profile's locale. */
  locale?: string;
  /**
   * Template data, stored on the row. Never raw tokens: links are made when the mail is sent.
   * doi: { consentId, topics: slug[] }; welcome: { topics: slug[] }; newsletter: bulletin fields.
   */
  data?: Record<string, unknown>;
  /** At most one message per key, e.g. `campaign:<id>:<profileId>`. */
  dedupeKey?: string;
  /**
   * The recipient as the caller has just read or written it in the same transaction; saves
   * loading the profile again. Must be the current row (the address the mail goes to).
   */
  profile?: Recipient;
}

export interface DrainSummary {
  sent: number;
  retried: number;
  failed: number;
}

/** What the worker reads of a claimed message. */
const claimedMessages = messageRows.pick('id', 'profileId', 'kind', 'status', 'toAddress', 'locale', 'subject', 'data', 'attempts', 'priority');
type ClaimedMessage = RowOf<typeof claimedMessages>;

/** What the outbox reads of a recipient. */
const recipients = profileRows.pick('id', 'email', 'firstName', 'locale', 'status');
type Recipient = RowOf<typeof recipients>;

const latestConsents = consentRows.pick('id', 'action');
const messageIds = messageRows.pick('id');

/** A send that must not happen (and will not be retried). */
class RefusedError extends Error {}

/**
 * A link field of a queued mail (`pageUrl`, any `…Url`) holds a token. Links with tokens are made
 * at send time and exist only in the sent mail (INV-TOKEN); editor text (titles, descriptions) is
 * not a link field and may say `token=` freely.
 */
export class TokenInMailDataError extends Error {
  constructor(field: string) {
    super(`civic-dialog outbox: the link field "${field}" of a queued mail must not hold a token`);
    this.name = 'TokenInMailDataError';
  }
}

/** The first top-level link field (`…Url`/`…url`) of mail data that carries a token, or null. */
export function tokenBearingLinkField(data: Record<string, unknown>): string | null {
  for (const [field, value] of Object.entries(data)) {
    if (/url$/i.test(field) && typeof value === 'string' && /token=/i.test(value)) return field;
  }
  return null;
}

/**
 * What a feature adds to a mail at send time: links (INV-TOKEN: tokens are made only
 * now), display values, attachments, or a refusal.
 */
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
  /** The address the mail goes to (the row's, as queued). */
  toAddress: string;
  data: Record<string, unknown>;
  /** The language the mail is rendered in. */
  locale: MailLocale;
  /** Base URL of the CMS for links, without a trailing slash. */
  publicUrl: string;
  /**
   * Makes a link token for this mail (INV-TOKEN: only now, stored only as its hash). The outbox
   * stores the tokens of a whole batch in one INSERT before any of its mails goes out.
   */
  issueToken(input: IssueTokenInput): string;
}) => Promise<MailExtras>;

/**
 * The envelope sender of one mail (SMTP MAIL FROM): a feature's (bounces: a VERP address naming the
 * row), or null for the From address. `message` = a row of the outbox, `delivery` = a newsletter delivery.
 */
export type ReturnPathMaker = (row: { table: 'message' | 'delivery'; id: number }) => string | null;

// Bound while the bundle loads, outside any request: drains started from inside a request's
// transaction (AsyncLocalStorage) must not run their queries in that transaction.
const outsideRequest = AsyncResource.bind(<T>(run: () => Promise<T>): Promise<T> => run());

/** How long a kick waits so that the mails of a burst of requests are claimed as one batch. */
const KICK_COALESCE_MS = 10;
/** How often a busy outbox looks for orphaned claims besides the first drain and drain(). */
const RECLAIM_EVERY_MS = 30_000;
/** PostgreSQL: how often an instance looks for claims of dead instances (their mails go out within this much of a death). */
const DEAD_INSTANCE_CHECK_EVERY_MS = 10_000;
/** How long one answer of priorityPending() is reused (bulk senders ask before each mail). */
const PRIORITY_CHECK_EVERY_MS = 100;


/**
 * The mail outbox. Callers enqueue a row inside their own transaction and kick after commit; the
 * worker claims queued rows in batches, makes the links (tokens are issued only now, so no raw
 * token is ever stored), renders, sends over a pooled SMTP transport and records the outcome.
 * Several instances on PostgreSQL share the queue safely (FOR UPDATE SKIP LOCKED); on SQLite
 * one process drains at a time.
 */
const outbox = ({ strapi }: { strapi: Strapi }) => {
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
  let liveness: { held(): Promise<boolean>; release(): Promise<void> } | null = null;
  let watchTimer: NodeJS.Timeout | null = null;
  let watching: Promise<void> | null = null;
  const extensions: Array<{ kinds: ReadonlySet<MailKind> | 'all'; extension: MailExtension }> = [];
  /** Claim tables of features (reclaimAlso), checked for dead owners with the outbox's own mails. */
  const claimTables: ClaimedRows[] = [];
  let returnPathMaker: ReturnPathMaker | null = null;
  const addressChecks: Array<(addresses: string[]) => Promise<Set<string>>> = [];
  let priorityCheck: { at: number; pending: Promise<boolean> } | null = null;

  const mailTransport = () => (transport ??= createMailTransport(config().mail.smtp, config().mail.dkim));

  function publicUrl(): string {
    const server = (key: string) => strapi.config.get(`server.${key}`) as string | number | undefined;
    const base = config().publicUrl || (server('url') as string) || `http://${server('host') ?? 'localhost'}:${server('port') ?? 1337}`;
    return base.replace(/\/+$/, '');
  }

  async function loadProfile(profileId: number): Promise<Recipient | null> {
    return recipients.one(await strapi.db.query(SHARED_UID.profile).findOne({ where: { id: profileId }, select: recipients.select }));
  }

  /** The latest confirmation or withdrawal of the newsletter consent (the ledger is append-only). */
  async function lastNewsletterConsent(profileId: number): Promise<'confirmed' | 'withdrawn' | null> {
    const latest = latestConsents.one(
      await strapi.db.query(SHARED_UID.consent).findOne({
        where: { profileId, purpose: 'newsletter', action: { $in: ['confirmed', 'withdrawn'] } },
        orderBy: { id: 'desc' },
        select: latestConsents.select,
      }),
    );
    return latest?.action === 'confirmed' || latest?.action === 'withdrawn' ? latest.action : null;
  }

  /** The recipients of a claimed batch in one query (instead of one per mail). */
  async function loadProfiles(profileIds: number[]): Promise<Map<number, Recipient>> {
    const rows = recipients.many(
      await strapi.db.query(SHARED_UID.profile).findMany({ where: { id: { $in: [...new Set(profileIds)] } }, select: recipients.select }),
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Which of these addresses no mail may go to (one query per registered check). */
  async function refusedAmong(addresses: string[]): Promise<Set<string>> {
    const refused = new Set<string>();
    if (!addresses.length) return refused;
    for (const check of addressChecks) for (const address of await check(addresses)) refused.add(address);
    return refused;
  }

  /** A mail made ready to go: rendered, with the tokens its links need (stored before it goes). */
  interface PreparedMail {
    message: ClaimedMessage;
    tokens: MadeToken['row'][];
    send: () => Promise<string>;
  }

  /** Refusal, extensions (links, tokens, attachments) and rendering of one mail; throws RefusedError. */
  async function prepare(message: ClaimedMessage, recipient: Recipient | null): Promise<PreparedMail> {
    const cfg = config();
    const profile = recipient;
    const consent = message.kind === 'newsletter' && profile ? await lastNewsletterConsent(profile.id) : null;
    const refusal = refusalReason(message.kind, profile, consent);
    if (refusal || !profile) throw new RefusedError(refusal ?? 'Refused.');

    const data = message.data ?? {};
    const locale = resolveLocale(message.locale);
    const view: MailView = {
      ...(data as Partial<MailView>),
      town: cfg.town,
      firstName: profile.firstName,
      // Slugs in the data; a feature's extension turns them into names in the mail's language.
      topics: [],
    };
    const tokens: MadeToken['row'][] = [];
    const issueToken = (input: IssueTokenInput) => {
      const made = makeToken(input);
      tokens.push(made.row);
      return made.token;
    };
    // The extensions of this kind, in the order the features registered them (bootstrap order).
    const attachments: NonNullable<MailExtras['attachments']> = [];
    for (const { kinds, extension } of extensions) {
      if (kinds !== 'all' && !kinds.has(message.kind)) continue;
      const extras = await extension({ id: message.id, kind: message.kind, profileId: profile.id, toAddress: message.toAddress, data, locale, publicUrl: publicUrl(), issueToken });
      if (extras.refusal) throw new RefusedError(extras.refusal);
      Object.assign(view, extras.view);
      if (extras.attachments) attachments.push(...extras.attachments);
    }

    const mail = await renderMail(message.kind, locale, view);
    const send = async () =>
      (
        await sendMail(mailTransport(), {
          from: cfg.mail.from,
          replyTo: cfg.mail.replyTo,
          to: message.toAddress,
          returnPath: returnPathMaker?.({ table: 'message', id: message.id }) ?? undefined,
          // The subject stored at enqueue time is the one the admin lists.
          subject: message.subject || mail.subject,
          html: mail.html,
          text: mail.text,
          unsubscribeUrl: view.unsubscribeUrl,
          attachments: attachments.length ? attachments : undefined,
        })
      ).messageId;
    return { message, tokens, send };
  }

  /** The outcome of a failed preparation or send: failed (refused, permanent, out of attempts) or queued for a retry. */
  function failure(message: ClaimedMessage, error: unknown): SendOutcome {
    const { maxAttempts, retryDelaySeconds } = config().mail;
    // SMTP errors quote the recipient; the row and the log outlive an erasure, so keep no address.
    const text = redactEmails(error instanceof Error ? error.message : String(error));
    const attempts = message.attempts + 1;
    if (error instanceof RefusedError || isPermanentSmtpError(error) || attempts >= maxAttempts) {
      strapi.log.warn(`civic-dialog: mail ${message.id} (${message.kind}) failed: ${text}`);
      return { id: message.id, status: 'failed', error: text };
    }
    const retryAt = new Date(Date.now() + retryDelayMs(attempts, retryDelaySeconds));
    return { id: message.id, status: 'queued', error: text, nextAttemptAt: retryAt };
  }

  // Pacing per lane (mail.ratePerSecond, mail.alertRatePerSecond; 0 = no limit): the earliest time
  // the next mail of that lane may leave this process. The priority lane has its own budget.
  const nextSlot = { alert: 0, normal: 0 };
  async function pace(lane: 'alert' | 'normal'): Promise<void> {
    const { ratePerSecond, alertRatePerSecond } = config().mail;
    const rate = lane === 'alert' ? alertRatePerSecond : ratePerSecond;
    if (!(rate > 0)) return;
    const now = Date.now();
    const slot = Math.max(now, nextSlot[lane]);
    nextSlot[lane] = slot + 1000 / rate;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  interface ReadyBatch {
    /** Outcomes known before sending: refusals and failed preparations. */
    settled: SendOutcome[];
    ready: PreparedMail[];
  }

  /**
   * Claims the next batch and makes it ready: each mail prepared (refusal, extensions, rendering) and
   * the tokens of all of them stored in one INSERT, before any of them goes out. Null: nothing is due.
   */
  async function claimReady(messages: ReturnType<typeof store>, batchSize: number): Promise<ReadyBatch | null> {
    const ids = await messages.claim(batchSize);
    if (!ids.length) return null;
    const claimOrder = new Map(ids.map((id, index) => [id, index]));
    // In the claim's order: the priority lane first.
    const rows = claimedMessages
      .many(await strapi.db.query(SHARED_UID.message).findMany({ where: { id: { $in: ids } }, select: claimedMessages.select }))
      .sort((a, b) => claimOrder.get(a.id)! - claimOrder.get(b.id)!);
    const recipientsOf = await loadProfiles(rows.map((row) => row.profileId));
    // Addresses no mail may go to (bounces: suppressed), asked once for the batch, at send time, so
    // a suppression also stops mails queued before it.
    const refused = await refusedAmong([...new Set(rows.map((row) => row.toAddress).filter(Boolean))]);
    const settled: SendOutcome[] = [];
    const ready: PreparedMail[] = [];
    for (const row of rows) {
      try {
        if (refused.has(row.toAddress)) throw new RefusedError('The address is suppressed (bounces or a complaint).');
        ready.push(await prepare(row, recipientsOf.get(row.profileId) ?? null));
      } catch (error) {
        settled.push(failure(row, error));
      }
    }
    // The links work once their tokens are stored: before the first of these mails goes out.
    await getService(strapi, 'tokens').storeMany(ready.flatMap((mail) => mail.tokens));
    return { settled, ready };
  }

  /** Hands a ready batch to SMTP, one lane per pooled connection, each mail at its lane's pace. */
  async function transmit(ready: PreparedMail[]): Promise<SendOutcome[]> {
    const outcomes: SendOutcome[] = [];
    const queue = [...ready];
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(config().mail.smtp.maxConnections, queue.length)) }, async () => {
        for (let mail = queue.shift(); mail; mail = queue.shift()) {
          await pace((mail.message.priority ?? 0) > 0 ? 'alert' : 'normal');
          try {
            outcomes.push({ id: mail.message.id, status: 'sent', providerMessageId: await mail.send() });
          } catch (error) {
            outcomes.push(failure(mail.message, error));
          }
        }
      }),
    );
    return outcomes;
  }

  /**
   * Sends batch after batch until nothing is due: while one batch goes out, the next is claimed and
   * made ready, so the SMTP lanes do not wait for it. Each batch's outcomes are recorded in one
   * UPDATE; a crash before it leaves the batch "sending": it is reclaimed and may go out twice (at
   * most two batches in flight, INV-ONCE). What was claimed is always sent, also when stopping.
   */
  async function drainUntilEmpty(): Promise<DrainSummary> {
    const { batchSize, maxAttempts, sendingTimeoutSeconds } = config().mail;
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

    let batch = stopping ? null : await claimReady(messages, batchSize);
    while (batch) {
      const upcoming = stopping ? Promise.resolve(null) : claimReady(messages, batchSize);
      // Awaited below; its rejection is not left unhandled meanwhile.
      upcoming.catch(() => {});
      const outcomes = [...batch.settled, ...(await transmit(batch.ready))];
      const recorded = await messages.finishMany(outcomes);
      if (recorded < outcomes.length) {
        strapi.log.warn(`civic-dialog: ${outcomes.length - recorded} mail(s) of a batch were reclaimed by another worker while this one sent them`);
      }
      for (const outcome of outcomes) summary[outcome.status === 'sent' ? 'sent' : outcome.status === 'queued' ? 'retried' : 'failed'] += 1;
      batch = await upcoming;
    }
    return summary;
  }

  /**
   * PostgreSQL: holds this instance's liveness lock (again, when its connection was lost) and gives
   * back what dead instances had claimed — mails, and the rows of every claim table registered with
   * reclaimAlso — instead of waiting for the claim timeout. Each such mail may have reached the SMTP
   * server before the death: that is logged, never silent.
   */
  async function watchInstances(): Promise<void> {
    if (liveness && !(await liveness.held())) {
      strapi.log.warn('civic-dialog: the outbox lost the connection holding its liveness lock; taking the lock again');
      await liveness.release().catch(() => undefined);
      liveness = null;
    }
    liveness ??= await store().holdLiveness();
    const mails: ClaimedRows = { ...store().claimedRows(config().mail.maxAttempts), onRequeued: kick };
    for (const rows of [mails, ...claimTables]) {
      const orphans = await reclaimFromDeadInstances(strapi.db.connection, instanceId, rows);
      for (const orphan of orphans) strapi.log.warn(rows.describe(orphan.owner, orphan));
      if (orphans.some((orphan) => orphan.requeued > 0)) rows.onRequeued?.();
    }
  }

  function watchInstancesOnce(): Promise<void> {
    watching ??= watchInstances().finally(() => {
      watching = null;
    });
    return watching;
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
      if (!isMailKind(input.kind)) throw new Error(`civic-dialog outbox: unknown mail kind "${input.kind}"`);
      const profile = input.profile?.id === input.profileId ? input.profile : await loadProfile(input.profileId);
      if (!profile || !profile.email || profile.status === 'erased') {
        throw new Error(`civic-dialog outbox: profile ${input.profileId} cannot receive mail`);
      }
      if (input.dedupeKey) {
        const existing = messageIds.one(await strapi.db.query(SHARED_UID.message).findOne({ where: { dedupeKey: input.dedupeKey }, select: messageIds.select }));
        if (existing) return { id: existing.id, duplicate: true };
      }
      const locale = resolveLocale(input.locale ?? profile.locale);
      const data = input.data ?? {};
      const tokenField = tokenBearingLinkField(data);
      if (tokenField) throw new TokenInMailDataError(tokenField);
      const subject = renderSubject(input.kind, locale, {
        ...(data as Partial<MailView>),
        town: config().town,
        firstName: profile.firstName,
        topics: [],
      });
      // createMany: one INSERT, without create()'s SELECT of the row just written.
      const { ids } = await strapi.db.query(SHARED_UID.message).createMany({
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
      if (client() === 'postgres') {
        // Alive before the first claim: no other instance may take this one's rows.
        await watchInstancesOnce();
        watchTimer = setInterval(() => {
          if (!stopping) watchInstancesOnce().catch((error) => strapi.log.error(`civic-dialog: outbox instance check failed: ${error?.stack ?? error}`));
        }, DEAD_INSTANCE_CHECK_EVERY_MS);
        watchTimer.unref();
      }
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
      if (watchTimer) clearInterval(watchTimer);
      watchTimer = null;
      if (kickTimer) clearTimeout(kickTimer);
      kickTimer = null;
      if (current) {
        await Promise.race([current.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      }
      transport?.close();
      transport = null;
      // Only now, with no send left in flight, may other instances take this one's claims.
      await watching?.catch(() => undefined);
      await liveness?.release();
      liveness = null;
    },

    /**
     * The extension point through which features reach the outbox (registered in bootstrap): their
     * send-time additions for the given kinds, or for every mail ('all'). The outbox imports no feature.
     */
    extend(kinds: readonly MailKind[] | 'all', extension: MailExtension): void {
      extensions.push({ kinds: kinds === 'all' ? 'all' : new Set(kinds), extension });
    },

    /**
     * Extension point: another table whose rows workers claim with `instanceId` (newsletter
     * deliveries). The same check as for the mails gives a dead instance's claims back, within
     * DEAD_INSTANCE_CHECK_EVERY_MS of its death (PostgreSQL). Registered in bootstrap.
     */
    reclaimAlso(rows: ClaimedRows): void {
      claimTables.push(rows);
    },

    /**
     * Extension point: the envelope sender (Return-Path) of each mail and newsletter delivery, so
     * bounce reports name their row (features/bounces: VERP). Registered in bootstrap; one maker.
     */
    setReturnPath(maker: ReturnPathMaker): void {
      returnPathMaker = maker;
    },

    /**
     * Extension point: addresses no mail may go to (bounces: suppressed ones), asked for a batch at
     * once, at send time: by the outbox for each claimed batch, and by the newsletter sender.
     */
    refuseAddresses(check: (addresses: string[]) => Promise<Set<string>>): void {
      addressChecks.push(check);
    },

    /** Which of these addresses no mail may go to (one query per registered check). */
    refusedAmong,

    /**
     * Whether priority mail (urgent alerts) is due or going out, from any instance: bulk senders (the
     * newsletter) hold back meanwhile, so the priority lane gets the machine and the relay. One query
     * per PRIORITY_CHECK_EVERY_MS, shared by all who ask; a failed query answers false (never held).
     */
    priorityPending(): Promise<boolean> {
      if (!priorityCheck || Date.now() - priorityCheck.at >= PRIORITY_CHECK_EVERY_MS) {
        const claimedAfter = new Date(Date.now() - config().mail.sendingTimeoutSeconds * 1000);
        const pending = store()
          .priorityPending(claimedAfter)
          .catch((error) => {
            strapi.log.warn(`civic-dialog: could not check for priority mail: ${error?.message ?? error}`);
            return false;
          });
        priorityCheck = { at: Date.now(), pending };
      }
      return priorityCheck.pending;
    },

    /** The envelope sender of a row (undefined: the From address), for senders besides the outbox (newsletters). */
    returnPathFor(row: { table: 'message' | 'delivery'; id: number }): string | undefined {
      return returnPathMaker?.(row) ?? undefined;
    },

    /**
     * Which instance claims rows (shown in claimed_by): the mails' and every claim table's
     * (reclaimAlso), so one liveness lock per instance vouches for all of them.
     */
    instanceId,
  };
};

export default outbox;
export type OutboxService = ReturnType<typeof outbox>;
