import type { Transporter } from 'nodemailer';
import { NEWSLETTERS_TABLE } from './tables';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Strapi } from '../../kernel/types';
import { getConfig } from '../../kernel/get-config';
import { getService } from '../../kernel/services';
import { redactEmails } from '../../kernel/log-redaction';
import { createMailTransport, isPermanentSmtpError, toSendMailOptions } from '../../shared/mail/transport';
import { newsletterConfig, instanceRole } from './config';
import { createNewsletterStore, type AudienceFilter, type ClaimedRow, type NewsletterStore } from './store';
import { compileNewsletter, type CompiledNewsletter, type FrozenNewsletter, type Lang } from './render';
import { newsletterLinks } from './personal-links';

/** What a running send keeps on its row (the frozen content and who it goes to). */
export interface SendSnapshot {
  newsletter: FrozenNewsletter;
  audience: AudienceFilter;
  links: string[];
  locales: Lang[];
}

interface SendRow {
  id: number;
  newsletter_slug: string;
  web_archive: boolean | number;
  content: string | SendSnapshot;
}

const parseContent = (value: string | SendSnapshot): SendSnapshot => (typeof value === 'string' ? JSON.parse(value) : value);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());

/** Rows marked "sending" per statement, per SMTP connection (the lanes always have the next one at hand). */
const MARK_CHUNK_PER_CONNECTION = 2;
/** While priority mail (an urgent alert) goes out, the newsletter asks again this often whether it may go on. */
const PRIORITY_WAIT_MS = 50;
/** Accepted mails are recorded "sent" once this many are waiting, or this long after the first. */
const SENT_FLUSH_ROWS = 20;
const SENT_FLUSH_MS = 100;
/*
 * What a crash can leave "uncertain" per worker (README "Exactly once" names it): the rows marked but
 * not handed over yet (a chunk is marked when the lanes have one row each or fewer left), one per
 * lane in SMTP hand-over or waiting for its record, and the accepted ones not yet written (a batch
 * being written and the next one filling): at most (MARK_CHUNK_PER_CONNECTION + 2) × connections
 * + 2 × SENT_FLUSH_ROWS, 60 with 5 connections; in practice the mails of the last SENT_FLUSH_MS.
 */

/**
 * Collects the ids of mails the SMTP server accepted and records them "sent" in one statement per
 * `batchRows` or SENT_FLUSH_MS, one write at a time. add() waits once two batches are unrecorded
 * (a slow database holds the lanes instead of letting the window grow). A failed write is thrown
 * by the next add() or flush(): its rows stay "sending" and become uncertain, never resent.
 */
function sentRecorder(db: NewsletterStore, batchRows: number) {
  let ids: number[] = [];
  let unrecorded = 0;
  let writing: Promise<void> = Promise.resolve();
  let failed: unknown = null;
  let timer: NodeJS.Timeout | null = null;
  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (ids.length) {
      const batch = ids;
      ids = [];
      writing = writing.then(() =>
        db.recordSent(batch).then(
          () => void (unrecorded -= batch.length),
          (error) => void (failed ??= error),
        ),
      );
    }
    return writing.then(() => {
      if (failed) throw failed;
    });
  };
  return {
    flush,
    add(id: number): Promise<void> | void {
      ids.push(id);
      unrecorded += 1;
      const written = ids.length >= batchRows ? flush() : null;
      if (unrecorded >= 2 * batchRows) return written ?? flush();
      if (written) written.catch(() => {}); // thrown again by the next add() or flush()
      else timer ??= setTimeout(() => void flush().catch(() => {}), SENT_FLUSH_MS);
    },
  };
}

/**
 * The newsletter worker of this instance (CIVIC_ROLE worker or both): starts due schedules, claims
 * recipients in batches, re-checks each one's consent as it hands the mail to SMTP, holds the
 * configured rate across instances, pauses a send after repeated SMTP failures, and reports rows a
 * crash left uncertain instead of resending them.
 */
const newsletterSender = ({ strapi }: { strapi: Strapi }) => {
  // The outbox's instance id: its liveness lock vouches for these claims too, and its dead-instance
  // check gives them back (newsletterClaims, registered in the feature's bootstrap).
  const instanceId = () => getService(strapi, 'outbox').instanceId;
  const store = () => createNewsletterStore({ knex: strapi.db.connection, client: strapi.db.dialect.client as string, instanceId: instanceId() });
  let transport: Transporter | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopping = false;
  let recovered = false;
  let buckets: { key: string; made: Promise<RateLimiterAbstract[]> } | null = null;
  const compiled = new Map<string, Promise<CompiledNewsletter>>();

  async function limiter(keyPrefix: string, points: number, duration: number): Promise<RateLimiterAbstract | null> {
    if (points <= 0) return null;
    if (strapi.db.dialect.client !== 'postgres') return new RateLimiterMemory({ keyPrefix, points, duration });
    // One budget for all instances: the counter lives in the shared rate-limit table.
    return new Promise((resolve, reject) => {
      const created: RateLimiterPostgres = new RateLimiterPostgres(
        { storeClient: strapi.db.connection, storeType: 'knex', tableName: 'civic_dialog_rate_limits', keyPrefix, points, duration, clearExpiredByTimeout: false },
        (error?: Error) => (error ? reject(error) : resolve(created)),
      );
    });
  }

  /** The shared budget, rebuilt when the configured rates change (they are read on every batch). */
  function budget(): Promise<RateLimiterAbstract[]> {
    const { ratePerSecond, ratePerHour } = newsletterConfig(strapi);
    const key = `${ratePerSecond}/${ratePerHour}`;
    // One promise per configuration, so lanes asking at once share the same buckets.
    if (!buckets || buckets.key !== key) {
      const made = Promise.all([limiter('civic_newsletter_second', ratePerSecond, 1), limiter('civic_newsletter_hour', ratePerHour, 3600)]).then((list) =>
        list.filter((bucket): bucket is RateLimiterAbstract => bucket !== null),
      );
      made.catch(() => (buckets = null));
      buckets = { key, made };
    }
    return buckets.made;
  }

  /**
   * Waits until the shared budget allows one more mail; false when the send stopped meanwhile (pause,
   * cancel, shutdown), so a long wait for the hourly budget holds no claims an editor cannot take back.
   */
  async function takeBudget(sendId: number, beforeWaiting: () => Promise<void>): Promise<boolean> {
    for (const bucket of await budget()) {
      for (;;) {
        if (stopping) return false;
        try {
          await bucket.consume('newsletter');
          break;
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          // What went out is recorded before a wait, not when the budget allows the next mail.
          await beforeWaiting();
          await sleep(Math.min(1000, Math.max(5, rejection.msBeforeNext)));
          if (rejection.msBeforeNext > 1000 && !(await isSending(sendId))) return false;
        }
      }
    }
    return !stopping;
  }

  /**
   * Waits while priority mail (an urgent alert, from any instance) is due or going out, so the outbox's
   * priority lane gets the machine and the relay; false when the send stopped meanwhile. Nothing is
   * marked "sending" while it waits, so the crash bound stays as it is.
   */
  async function yieldToPriority(sendId: number, beforeWaiting: () => Promise<void>): Promise<boolean> {
    const outbox = getService(strapi, 'outbox');
    let askedAt = Date.now();
    while (!stopping && (await outbox.priorityPending())) {
      // What went out is recorded before the wait, as before a wait for the budget.
      await beforeWaiting();
      await sleep(PRIORITY_WAIT_MS);
      // A long hold keeps no claims an editor cannot take back (pause, cancel).
      if (Date.now() - askedAt >= 1000) {
        askedAt = Date.now();
        if (!(await isSending(sendId))) return false;
      }
    }
    return !stopping;
  }

  const isSending = async (sendId: number) =>
    Boolean(await strapi.db.connection(NEWSLETTERS_TABLE.send).select('id').where({ id: sendId, status: 'sending' }).first());

  function mailFor(send: SendRow, snapshot: SendSnapshot, lang: Lang): Promise<CompiledNewsletter> {
    const key = `${send.id}:${lang}`;
    let entry = compiled.get(key);
    if (!entry) {
      const links = newsletterLinks(strapi);
      entry = compileNewsletter(snapshot.newsletter, lang, {
        town: getConfig(strapi).town,
        clickLinks: snapshot.links,
        archiveUrl: send.web_archive ? links.archiveUrl(send.newsletter_slug, lang) : null,
      });
      entry.catch(() => compiled.delete(key));
      compiled.set(key, entry);
    }
    return entry;
  }

  async function pauseForFailures(sendId: number, reason: string) {
    const { autoResumeSeconds } = newsletterConfig(strapi);
    const now = new Date();
    await strapi.db
      .connection(NEWSLETTERS_TABLE.send)
      .where({ id: sendId, status: 'sending' })
      .update({
        status: 'paused',
        paused_reason: reason.slice(0, 2000),
        resume_at: autoResumeSeconds > 0 ? new Date(now.getTime() + autoResumeSeconds * 1000) : null,
        updated_at: now,
      });
    strapi.log.warn(`civic-dialog: newsletter send ${sendId} paused: ${reason}`);
  }

  /**
   * Sends the claimed rows of one send over one lane per SMTP connection; false when the send stopped.
   * Rows are marked "sending" a chunk at a time just ahead of the lanes (one statement, consent
   * checked for the chunk) and recorded "sent" in batches (sentRecorder), so a mail costs no
   * single-row write. What a crash can leave uncertain is what was marked but not yet recorded:
   * a bounded few, about the last SENT_FLUSH_MS of mails (see above).
   */
  async function deliverBatch(send: SendRow, snapshot: SendSnapshot, rows: ClaimedRow[]): Promise<boolean> {
    const cfg = newsletterConfig(strapi);
    const { mail } = getConfig(strapi);
    const db = store();
    const links = newsletterLinks(strapi);
    const profiles = new Map<number, { email: string; first_name: string | null }>();
    const found = (await strapi.db
      .connection('civic_dialog_profiles')
      .select('id', 'email', 'first_name')
      .whereIn('id', rows.map((row) => row.profileId))) as Array<{ id: number; email: string; first_name: string | null }>;
    for (const profile of found) profiles.set(Number(profile.id), profile);
    // Addresses suppressed after bounces or a complaint (features/bounces) get nothing: one query per batch.
    const refused = await getService(strapi, 'outbox').refusedAmong(found.map((profile) => profile.email).filter(Boolean));

    let stopped = false;
    let failuresInRow = 0;
    const lanes = Math.max(1, Math.min(mail.smtp.maxConnections, rows.length));
    // With a rate budget the mails go at its pace, one at a time as before: each takes its share
    // before it is marked (a mail waiting for the budget is never "sending", which a crash would
    // make uncertain) and is recorded as soon as the SMTP server accepted it.
    const limited = (await budget()).length > 0;
    const chunkSize = limited ? 1 : lanes * MARK_CHUNK_PER_CONNECTION;
    const sent = sentRecorder(db, limited ? 1 : SENT_FLUSH_ROWS);
    const handed = new Set<number>();
    const ready: ClaimedRow[] = [];
    let next = 0;
    let marking: Promise<void> | null = null;

    /** Marks the next chunk of claimed rows "sending" (the consent check of the chunk). */
    async function mark(): Promise<void> {
      if (!(await yieldToPriority(send.id, sent.flush)) || (limited && !(await takeBudget(send.id, sent.flush)))) {
        stopped = true;
        return;
      }
      const chunk = rows.slice(next, next + chunkSize);
      next += chunk.length;
      const outcome = await db.markSending(chunk, send.id, snapshot.audience);
      if (outcome.stopped) stopped = true;
      for (const row of chunk) if (outcome.sending.has(row.id)) ready.push(row);
    }
    /** The next marked row for a lane; the next chunk is marked while the lanes still have work. */
    async function take(): Promise<ClaimedRow | null> {
      for (;;) {
        if (stopped || stopping) return null;
        if (ready.length <= lanes && next < rows.length && !marking) {
          marking = mark().finally(() => (marking = null));
          // Awaited below or by the next take(); a rejection is not left unhandled meanwhile.
          marking.catch(() => {});
        }
        const row = ready.shift();
        if (row) return row;
        if (!marking) return null;
        await marking;
      }
    }

    await Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let row = await take(); row; row = await take()) {
          handed.add(row.id);
          const profile = profiles.get(row.profileId);
          let accepted = false;
          try {
            if (!profile?.email) throw Object.assign(new Error('The recipient has no address any more.'), { responseCode: 550 });
            if (refused.has(profile.email)) throw Object.assign(new Error('The address is suppressed (bounces or a complaint).'), { responseCode: 550 });
            const lang: Lang = snapshot.locales.includes(row.locale) ? row.locale : 'de';
            const compiledMail = await mailFor(send, snapshot, lang);
            const unsubscribeUrl = links.unsubscribeUrl(row.profileId, send.id);
            const { html, text } = compiledMail.render({
              firstName: profile.first_name,
              unsubscribeUrl,
              manageUrl: links.manageUrl(row.profileId, send.id),
              clickUrl: links.clickUrls(send.id),
            });
            const returnPath = getService(strapi, 'outbox').returnPathFor({ table: 'delivery', id: row.id });
            const options = toSendMailOptions({ from: mail.from, replyTo: mail.replyTo, to: profile.email, subject: compiledMail.subject, html, text, unsubscribeUrl, returnPath });
            await transport!.sendMail({
              ...options,
              // What nodemailer would choose for these mostly Latin texts, without scanning each mail for it.
              textEncoding: 'quoted-printable',
              messageId: links.messageId(send.id, row.profileId),
              headers: { ...(options.headers as Record<string, unknown>), 'List-Id': { prepared: true, value: links.listId() } } as any,
            });
            failuresInRow = 0;
            accepted = true;
          } catch (error) {
            // SMTP errors quote the recipient; the report and the row outlive an erasure, so keep no address.
            const message = redactEmails(error instanceof Error ? error.message : String(error));
            // A refused address is the address's problem (its attempts count); a relay that does not
            // answer is nobody's: the row waits without using up its attempts, and enough of those
            // in a row pause the send.
            const responseCode = (error as { responseCode?: unknown })?.responseCode;
            const relayDown = !responseCode || responseCode === 421;
            const permanent = isPermanentSmtpError(error) || (!relayDown && row.attempts + 1 >= cfg.maxAttempts);
            await db.recordFailure(
              row.id,
              permanent
                ? { status: 'failed', error: message }
                : { status: 'queued', error: message, nextAttemptAt: new Date(Date.now() + cfg.retryDelaySeconds * 1000), countAttempt: !relayDown },
            );
            if (!isPermanentSmtpError(error) && ++failuresInRow >= cfg.maxConsecutiveFailures && !stopped) {
              stopped = true;
              await sent.flush();
              await pauseForFailures(send.id, `${failuresInRow} mails in a row could not be handed to the SMTP server (last error: ${message}).`);
            }
          }
          // Outside the SMTP error handling: a mail the server accepted is never queued again. When
          // its record cannot be written the batch stops; the rows stay "sending" (uncertain).
          if (accepted) {
            try {
              await sent.add(row.id);
            } catch (error) {
              stopped = true;
              throw error;
            }
          }
        }
      }),
    );
    // A chunk marked while the lanes stopped is given back with the rest, never handed over.
    await (marking as Promise<void> | null)?.catch(() => {});
    await sent.flush();
    await db.release(rows.filter((row) => !handed.has(row.id)).map((row) => row.id));
    return !stopped;
  }

  /** One pass: recover, start due schedules, resume auto-paused sends, send every sending newsletter. */
  async function pass(): Promise<void> {
    const cfg = newsletterConfig(strapi);
    const db = store();
    const knex = strapi.db.connection;
    const now = new Date();
    // SQLite has one worker per database: after a start every "sending" row is a crash's leftover.
    // PostgreSQL: a dead instance's claims come back within seconds through the outbox's
    // dead-instance check (newsletterClaims); this claim timeout is only its backstop, as for mails.
    const before = strapi.db.dialect.client === 'sqlite' && !recovered ? now : new Date(now.getTime() - cfg.sendingTimeoutSeconds * 1000);
    await db.recover(before, now);
    recovered = true;

    // A schedule overdue by far (the server was down, a backup was restored): the editor decides.
    const staleBefore = new Date(now.getTime() - cfg.staleScheduleMinutes * 60_000);
    await knex(NEWSLETTERS_TABLE.send)
      .where('status', 'scheduled')
      .andWhere('scheduled_at', '<', staleBefore)
      .update({
        status: 'paused',
        paused_reason: 'The scheduled time passed while no server was sending (e.g. after a restart or a restored backup). Resume to send it now, or cancel it.',
        updated_at: now,
      });
    // Never a stale one, even if its time was moved back after the statement above: the next pass pauses it.
    const due = (await knex(NEWSLETTERS_TABLE.send).select('newsletter_document_id').where('status', 'scheduled').andWhere('scheduled_at', '<=', now).andWhere('scheduled_at', '>=', staleBefore)) as Array<{
      newsletter_document_id: string;
    }>;
    for (const { newsletter_document_id } of due) {
      await strapi
        .plugin('civic-dialog')
        .service('newsletters')
        .startScheduled(newsletter_document_id)
        .catch((error: Error) => strapi.log.error(`civic-dialog: scheduled newsletter ${newsletter_document_id} did not start: ${error.message}`));
    }
    await knex(NEWSLETTERS_TABLE.send)
      .where('status', 'paused')
      .whereNotNull('resume_at')
      .andWhere('resume_at', '<=', now)
      .update({ status: 'sending', paused_reason: null, resume_at: null, updated_at: now });

    const sends = (await knex(NEWSLETTERS_TABLE.send).select('id', 'newsletter_slug', 'web_archive', 'content').where('status', 'sending').orderBy('id')) as SendRow[];
    // Compiled mails only of sends still going out: a long-running worker does not keep every newsletter it ever sent.
    const going = new Set(sends.map((send) => `${send.id}`));
    for (const key of compiled.keys()) if (!going.has(key.slice(0, key.indexOf(':')))) compiled.delete(key);
    for (const send of sends) {
      const snapshot = parseContent(send.content);
      while (!stopping) {
        const rows = await db.claim(send.id, cfg.ratePerSecond > 0 ? Math.max(1, Math.min(cfg.batchSize, cfg.ratePerSecond * 5)) : cfg.batchSize);
        if (!rows.length) break;
        if (!(await deliverBatch(send, snapshot, rows))) break;
        // Requests waiting for the event loop go first between batches (SQLite's driver is synchronous).
        await new Promise((resolve) => setImmediate(resolve));
      }
      await db.completeIfDone(send.id);
    }
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          strapi.log.error(`civic-dialog: newsletter worker: ${(error as Error)?.stack ?? error}`);
        }
      } while (again && !stopping);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    get instanceId() {
      return instanceId();
    },

    /** Bootstrap: indexes and the shared rate budget; the poller only on worker instances. */
    async start(): Promise<void> {
      stopping = false;
      await store().ensureIndexes();
      const cfg = newsletterConfig(strapi);
      await budget();
      if (instanceRole(strapi) === 'web') return;
      transport = createMailTransport(getConfig(strapi).mail.smtp, getConfig(strapi).mail.dkim);
      if (cfg.pollIntervalMs > 0) {
        // A tick while a pass runs is skipped (only new work, kick(), asks for another pass).
        timer = setInterval(() => void (running ? null : run()), cfg.pollIntervalMs);
        timer.unref();
      }
      void run();
    },

    /** Runs a pass now (after a send starts or resumes); a web-only instance leaves it to the workers. */
    kick(): void {
      if (instanceRole(strapi) !== 'web' && transport && !stopping) void run();
    },

    /** Works until nothing is left to do now (tests, benchmarks). */
    async drain(): Promise<void> {
      if (!transport) transport = createMailTransport(getConfig(strapi).mail.smtp, getConfig(strapi).mail.dkim);
      await run();
      if (again) await run();
    },

    /** The compiled mails of a send are dropped when it is paused/resumed (nothing else changes them). */
    forget(sendId: number): void {
      for (const key of [...compiled.keys()]) if (key.startsWith(`${sendId}:`)) compiled.delete(key);
    },

    async stop(): Promise<void> {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await Promise.race([running, sleep(10_000)]);
      transport?.close();
      transport = null;
    },
  };
};

export default newsletterSender;
export type NewsletterSenderService = ReturnType<typeof newsletterSender>;
