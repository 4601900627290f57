import type { Knex } from 'knex';
import type { Strapi } from '../../../kernel/types';
import { getConfig } from '../../../kernel/get-config';
import { getService } from '../../../kernel/services';
import { smsLength, SMS_MAX_SEGMENTS } from '@civic-dialog/contracts';
import type { ClaimedRows } from '../../../shared/mail/claims';
import { recordOutcomes, type SendOutcome } from '../../../shared/mail/store';
import { SMS_TABLE } from '../tables';
import { createSmsProvider } from '../providers';
import { SmsProviderError, type SmsProvider } from '../providers/types';
import { smsMessageRows, smsPhoneRows } from '../rows';
import { redactCode } from '../texts';
import { seal, unseal } from '../../../kernel/crypto/sealed';

/** The purpose a verification text is sealed for (kernel/crypto/sealed: the key is derived per purpose). */
const SEALED_CODE = 'sms-verification-text';

/** The consent an SMS needs, or 'verification': a code the citizen just asked for. */
export type SmsPurposeOrVerification = 'sms-alerts' | 'sms-registrations' | 'verification';

export interface SmsEnqueueManyInput {
  /** What the text is (shown in the export and the admin), e.g. 'alert', 'event-reminder'. */
  kind: string;
  /** 'alert' rows overtake everything (their own rate budget); default 'normal'. */
  priority?: 'alert' | 'normal';
  /** The consent a recipient must hold; its phone must be verified and not suppressed. Default from priority: alert → 'sms-alerts', else 'sms-registrations'. */
  purpose?: 'sms-alerts' | 'sms-registrations';
  /** The phone is optional: the profile's verified number is used; a different one skips the recipient. */
  recipients: Array<{ profileId: number; phone?: string }>;
  /** At most SMS_MAX_SEGMENTS segments (contracts smsLength). */
  text: string;
  /** Each recipient's row gets `${dedupeKeyPrefix}${profileId}` (UNIQUE): a second call queues nothing twice. */
  dedupeKeyPrefix: string;
  /** The caller's transaction (strapi.db.transaction's trx): rows exist exactly when its change does. */
  trx?: Knex.Transaction;
}

export interface SmsFigures {
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  delivered: number;
}

export const SMS_ALERT_PRIORITY = 10;
const INSERT_CHUNK = 500;
/** How long a delivery report for an id not recorded yet waits for a batch going out (its outcomes are written at its end). */
const REPORT_WAIT_MS = 10_000;
const REPORT_RETRY_MS = 100;

const consentColumn = { 'sms-alerts': 'alerts_consent', 'sms-registrations': 'registrations_consent' } as const;

/**
 * The SMS outbox: rows queued in the caller's transaction, a worker that claims them (FOR UPDATE
 * SKIP LOCKED on PostgreSQL, claimed_by = the mail outbox's instance id, so one liveness lock vouches
 * for both and a dead instance's claims come back through outbox.reclaimAlso), sends through the
 * configured provider at the configured rate (alerts first, with their own budget) and records the
 * outcome only while it still holds the claim. The dedupe key is UNIQUE: each text is queued once;
 * a crash after the provider took a text and before its batch's outcomes are written sends it twice (as with mail: up to one batch, sms.batchSize).
 */
const smsOutbox = ({ strapi }: { strapi: Strapi }) => {
  const config = () => getConfig(strapi).sms;
  const knex = () => strapi.db.connection;
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const instanceId = () => getService(strapi, 'outbox').instanceId;
  const table = (k: Knex | Knex.Transaction = knex()) => k(SMS_TABLE.smsMessage);

  let provider: SmsProvider | null = null;
  let providerOverride: SmsProvider | null = null;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<SmsFigures> | null = null;
  let rerun = false;
  let stopping = false;
  // Pacing per lane: the earliest time the next text of that lane may leave this process.
  const nextSlot = { alert: 0, normal: 0 };

  const activeProvider = () => providerOverride ?? (provider ??= createSmsProvider(strapi));
  const appKeys = () => [(strapi.config.get('server.app.keys') as string[] | string | undefined) ?? []].flat().filter(Boolean);
  /** A queued verification text is sealed (its code must not sit in clear in the row); other texts are plain. */
  const plainText = (purpose: string, text: string) => (purpose === 'verification' ? unseal(text, appKeys(), SEALED_CODE) : text);

  function checkText(text: string): void {
    const length = smsLength(text);
    if (!text.trim() || length.segments > SMS_MAX_SEGMENTS) {
      throw new Error(`civic-dialog sms: a text must have 1 to ${SMS_MAX_SEGMENTS} segments, this one has ${length.segments}`);
    }
  }

  async function insertRows(k: Knex | Knex.Transaction, rows: Array<Record<string, unknown>>): Promise<number> {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      const result = (await table(k).insert(chunk).onConflict('dedupe_key').ignore().returning('id')) as unknown[];
      inserted += Array.isArray(result) ? result.length : 0;
    }
    return inserted;
  }

  async function pace(lane: 'alert' | 'normal'): Promise<void> {
    const cfg = config();
    const interval = 1000 / (lane === 'alert' ? cfg.alertRatePerSecond : cfg.ratePerSecond);
    const now = Date.now();
    const slot = Math.max(now, nextSlot[lane]);
    nextSlot[lane] = slot + interval;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  async function claim(limit: number, now = new Date()): Promise<number[]> {
    const claimed = { status: 'sending', claimed_at: now, claimed_by: instanceId(), updated_at: now };
    const due = (qb: Knex.QueryBuilder) =>
      qb
        .select('id')
        .where('status', 'queued')
        .andWhere((w) => w.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now))
        .orderBy('priority', 'desc')
        .orderBy('id')
        .limit(limit);
    if (!isPostgres()) {
      const ids = ((await due(table())) as Array<{ id: number }>).map((row) => Number(row.id));
      if (ids.length) await table().whereIn('id', ids).andWhere('status', 'queued').update(claimed);
      return ids;
    }
    return knex().transaction(async (trx) => {
      const ids = ((await due(table(trx)).forUpdate().skipLocked()) as Array<{ id: number }>).map((row) => Number(row.id));
      if (ids.length) await table(trx).whereIn('id', ids).update(claimed);
      return ids;
    });
  }

  /** What a claimed batch reads: its texts, and the phone rows they go to (knex, by column name). */
  const claimedText = smsMessageRows.sql('id', 'profileId', 'phone', 'text', 'purpose', 'priority', 'attempts');
  const phoneRow = smsPhoneRows.sql('id', 'profileId', 'phone', 'verifiedAt', 'pendingPhone', 'alertsConsent', 'registrationsConsent', 'suppressedAt', 'suppressedReason');
  /** Why a claimed text must not go out now (consent withdrawn, number changed, suppressed), or null. */
  function refusal(message: { profileId: number; phone: string; purpose: string }, phone: ReturnType<typeof phoneRow.one>): string | null {
    if (!phone || !message.phone) return 'The citizen has no phone number for SMS any more.';
    if (message.purpose === 'verification') return phone.pendingPhone === message.phone || phone.phone === message.phone ? null : 'The number is no longer being verified.';
    if (phone.suppressedAt) return `The number must not be contacted by SMS (${phone.suppressedReason ?? 'suppressed'}).`;
    if (phone.phone !== message.phone || !phone.verifiedAt) return 'The number changed or is not verified.';
    const consented = message.purpose === 'sms-alerts' ? phone.alertsConsent : message.purpose === 'sms-registrations' ? phone.registrationsConsent : false;
    return consented ? null : `The citizen withdrew the consent ${message.purpose}.`;
  }

  type Claimed = NonNullable<ReturnType<typeof claimedText.one>>;

  /** Sends one claimed text (the phone row read with its batch) and says its outcome; writes nothing. */
  async function attempt(message: Claimed, phone: ReturnType<typeof phoneRow.one>): Promise<SendOutcome> {
    const cfg = config();
    const { id } = message;
    const text = plainText(message.purpose, message.text);
    // Sealed with an app key that is gone: the code cannot be read back, the citizen asks for a new one.
    if (text === null) return { id, status: 'failed', error: 'The sealed code text cannot be opened with the app keys.' };
    const refused = refusal(message, phone);
    if (refused) return { id, status: 'failed', error: refused };
    await pace(message.priority > 0 ? 'alert' : 'normal');
    try {
      const { providerMessageId } = await activeProvider().push({ id, to: message.phone, text, from: cfg.from });
      return { id, status: 'sent', providerMessageId: providerMessageId.slice(0, 255) };
    } catch (error) {
      const attempts = message.attempts + 1;
      const permanent = error instanceof SmsProviderError && error.permanent;
      // A gateway may quote the text it refused: a verification text's code must not land in the row's error.
      const code = message.purpose === 'verification' ? /^\d{6}/.exec(text)?.[0] : undefined;
      const quoted = String((error as Error)?.message ?? error);
      const why = (code ? quoted.split(code).join('······') : quoted).slice(0, 2000);
      if (permanent || attempts >= cfg.maxAttempts) return { id, status: 'failed', error: why };
      const delay = Math.min(3600, cfg.retryDelaySeconds * 2 ** (attempts - 1)) * 1000;
      return { id, status: 'queued', error: why, nextAttemptAt: new Date(Date.now() + delay) };
    }
  }

  /**
   * One claimed batch as the mail outbox does it: its texts and their phone rows in one read each, the
   * provider requests (at most the batch in flight, each paced by its lane), the outcomes in one UPDATE
   * (only for rows this instance still holds). A crash before that UPDATE leaves the whole batch
   * claimed: it is queued again, and the texts the gateway took meanwhile go out twice.
   */
  async function drainOnce(): Promise<SmsFigures & { claimed: number }> {
    const figures = { queued: 0, sending: 0, sent: 0, failed: 0, delivered: 0, claimed: 0 };
    const ids = await claim(config().batchSize);
    figures.claimed = ids.length;
    if (!ids.length) return figures;
    const messages = claimedText.many(await table().select(claimedText.select).whereIn('id', ids));
    const profileIds = [...new Set(messages.map((message) => message.profileId))];
    const phoneRows = phoneRow.many(await knex()(SMS_TABLE.smsPhone).select(phoneRow.select).whereIn('profile_id', profileIds));
    const phones = new Map(phoneRows.map((phone) => [phone.profileId, phone]));
    const settled = await Promise.all(
      messages.map(async (message): Promise<SendOutcome | null> => {
        const outcome = await attempt(message, phones.get(message.profileId) ?? null).catch((error) => {
          // Left claimed: reclaimStuck (or the dead-instance check) gives it back, as after a crash.
          strapi.log.error(`civic-dialog: SMS ${message.id} could not be sent: ${error?.stack ?? error}`);
          return null;
        });
        // A verification text keeps no code once it is done (the code lives on only as an HMAC).
        if (outcome && message.purpose === 'verification' && outcome.status !== 'queued') {
          outcome.text = redactCode(plainText('verification', message.text) ?? message.text);
        }
        return outcome;
      }),
    );
    const outcomes = settled.filter((outcome): outcome is SendOutcome => outcome !== null);
    const recorded = await recordOutcomes({ knex: knex(), client: strapi.db.dialect.client, table: SMS_TABLE.smsMessage, instanceId: instanceId() }, outcomes);
    if (recorded < outcomes.length) {
      strapi.log.warn(`civic-dialog: ${outcomes.length - recorded} SMS of a batch were reclaimed by another worker while this one sent them`);
    }
    for (const outcome of outcomes) figures[outcome.status === 'sent' ? 'sent' : outcome.status === 'failed' ? 'failed' : 'queued']++;
    return figures;
  }

  /** Drains until nothing due is left (or stop). */
  async function drainUntilEmpty(): Promise<SmsFigures> {
    const total = { queued: 0, sending: 0, sent: 0, failed: 0, delivered: 0 };
    await reclaimStuck();
    while (!stopping) {
      const round = await drainOnce();
      total.sent += round.sent;
      total.failed += round.failed;
      total.queued += round.queued;
      if (!round.claimed) break;
    }
    return total;
  }

  function startRun(): Promise<SmsFigures> {
    if (current) {
      rerun = true;
      return current;
    }
    current = (async () => {
      let summary: SmsFigures;
      do {
        rerun = false;
        summary = await drainUntilEmpty();
      } while (rerun && !stopping);
      return summary;
    })().finally(() => {
      current = null;
    });
    return current;
  }

  /** Texts whose worker died mid-send (claimed longer than sendingTimeoutSeconds ago): queued again, or failed without attempts left. */
  async function reclaimStuck(now = new Date()): Promise<number> {
    const cfg = config();
    const before = new Date(now.getTime() - cfg.sendingTimeoutSeconds * 1000);
    const stuck = (k: Knex | Knex.Transaction = knex()) => table(k).where('status', 'sending').andWhere((w) => w.whereNull('claimed_at').orWhere('claimed_at', '<', before));
    return requeue(knex(), stuck, 'The worker stopped while sending this text', now);
  }

  async function requeue(k: Knex | Knex.Transaction, stuck: (k: Knex | Knex.Transaction) => Knex.QueryBuilder, why: string, now: Date): Promise<number> {
    const maxAttempts = config().maxAttempts;
    const failed = await stuck(k).andWhere('attempts', '>=', maxAttempts - 1).update({ status: 'failed', attempts: k.raw('?? + 1', ['attempts']), error: `${why}, and it has no attempts left.`, updated_at: now });
    const requeued = await stuck(k).update({ status: 'queued', attempts: k.raw('?? + 1', ['attempts']), claimed_at: null, claimed_by: null, next_attempt_at: null, error: `${why}; it is queued again.`, updated_at: now });
    return Number(failed) + Number(requeued);
  }

  /** The SMS outbox as a claim table of the mail outbox's dead-instance check (outbox.reclaimAlso). */
  const claimedRows: ClaimedRows = {
    async owners(k, self) {
      const rows = (await k(SMS_TABLE.smsMessage).distinct('claimed_by').where('status', 'sending').whereNotNull('claimed_by').whereNot('claimed_by', self)) as Array<{ claimed_by: string }>;
      return rows.map((row) => row.claimed_by);
    },
    async recover(trx, owner, now) {
      const requeued = await requeue(trx, (k) => table(k).where({ status: 'sending', claimed_by: owner }), `Instance ${owner} stopped while sending this text (the gateway may have it already)`, now);
      return { requeued };
    },
    describe: (owner, { requeued }) => `civic-dialog: instance ${owner} stopped while sending SMS; ${requeued} texts queued again or failed. Some may have reached the gateway already and go out twice.`,
    onRequeued: () => service.kick(),
  };

  const service = {
    /**
     * Queues one text per recipient that has a verified, consenting, not suppressed number (others are
     * skipped), in the caller's transaction when given. Returns how many rows were queued (a second
     * call with the same dedupeKeyPrefix queues none). Call kick() after commit.
     */
    async enqueueMany(input: SmsEnqueueManyInput): Promise<number> {
      checkText(input.text);
      const priority = input.priority === 'alert' ? SMS_ALERT_PRIORITY : 0;
      const purpose = input.purpose ?? (input.priority === 'alert' ? 'sms-alerts' : 'sms-registrations');
      const k = input.trx ?? knex();
      const wanted = new Map(input.recipients.map((recipient) => [recipient.profileId, recipient.phone]));
      if (!wanted.size) return 0;
      const now = new Date();
      const rows: Array<Record<string, unknown>> = [];
      const ids = [...wanted.keys()];
      for (let start = 0; start < ids.length; start += INSERT_CHUNK) {
        const phones = (await k(SMS_TABLE.smsPhone)
          .select('profile_id', 'phone')
          .whereIn('profile_id', ids.slice(start, start + INSERT_CHUNK))
          .whereNotNull('verified_at')
          .whereNull('suppressed_at')
          .where(consentColumn[purpose], true)) as Array<{ profile_id: number; phone: string | null }>;
        for (const { profile_id: profileId, phone } of phones) {
          const asked = wanted.get(Number(profileId));
          if (!phone || (asked && asked !== phone)) continue;
          rows.push({
            profile_id: Number(profileId), phone, text: input.text, kind: input.kind, purpose, priority, status: 'queued', attempts: 0,
            dedupe_key: `${input.dedupeKeyPrefix}${profileId}`.slice(0, 255), created_at: now, updated_at: now,
          });
        }
      }
      return insertRows(k, rows);
    },

    /** A verification code to a number being verified (no consent needed: the citizen just asked for it); the row holds the text sealed. */
    async enqueueVerification(profileId: number, phone: string, text: string, dedupeKey: string, trx?: Knex.Transaction): Promise<void> {
      const now = new Date();
      const [key] = appKeys();
      if (!key) throw new Error('civic-dialog: server.app.keys (APP_KEYS) must be set to seal SMS codes');
      // Sealed until the worker sends it; afterwards the row keeps the text without the code (sendOne).
      await insertRows(trx ?? knex(), [{ profile_id: profileId, phone, text: seal(text, key, SEALED_CODE), kind: 'verification', purpose: 'verification', priority: SMS_ALERT_PRIORITY, status: 'queued', attempts: 0, dedupe_key: dedupeKey, created_at: now, updated_at: now }]);
    },

    /** Counts per status (and delivered by report) of the rows whose dedupe key starts with the prefix — the admin's live figures. */
    async figures(dedupeKeyPrefix: string): Promise<SmsFigures> {
      const escaped = dedupeKeyPrefix.replace(/[\\%_]/g, (char) => `\\${char}`);
      const rows = (await table().select('status', 'delivery_status').count({ total: '*' }).whereRaw("dedupe_key LIKE ? ESCAPE '\\'", [`${escaped}%`]).groupBy('status', 'delivery_status')) as Array<{
        status: string;
        delivery_status: string | null;
        total: number | string;
      }>;
      const figures: SmsFigures = { queued: 0, sending: 0, sent: 0, failed: 0, delivered: 0 };
      for (const row of rows) {
        const total = Number(row.total);
        if (row.status in figures) figures[row.status as keyof SmsFigures] += total;
        if (row.delivery_status === 'delivered') figures.delivered += total;
      }
      return figures;
    },

    /** Starts a drain unless one runs (then it runs once more). Never throws. */
    kick(): void {
      if (stopping || !config().enabled) return;
      startRun().catch((error) => strapi.log.error(`civic-dialog: SMS drain failed: ${error?.stack ?? error}`));
    },

    /** Drains now and waits for it (tests, benches). */
    drain(): Promise<SmsFigures> {
      return startRun();
    },

    /**
     * A delivery report about the row the provider's id names. Only forward: a row without a final
     * delivery status takes `delivered` or `undelivered` once; a report resent later (or a late
     * `sent`/`queued`) never changes it back, and one for an unknown id changes nothing. The caller
     * answers every report alike, so the webhook tells nobody which ids exist.
     */
    async report(providerMessageId: string, status: string, error?: string): Promise<void> {
      const delivered = status === 'delivered';
      const failed = status === 'failed' || status === 'undelivered';
      if (!delivered && !failed) return;
      // A gateway may report before the batch that sent the text has written its outcomes (they are
      // written once per batch): while some batch is still going out, look again for a short while.
      const deadline = Date.now() + REPORT_WAIT_MS;
      for (;;) {
        const changed = await table()
          .where({ provider_message_id: providerMessageId })
          .whereNull('delivery_status')
          .update({
            delivery_status: delivered ? 'delivered' : 'undelivered',
            delivered_at: delivered ? new Date() : null,
            ...(failed ? { error: (error || 'The gateway reported the text undelivered.').slice(0, 2000) } : {}),
            updated_at: new Date(),
          });
        if (Number(changed) > 0 || Date.now() >= deadline) return;
        const known = (await table().where({ provider_message_id: providerMessageId }).first('delivery_status')) as { delivery_status: string | null } | undefined;
        if (known) {
          if (known.delivery_status !== null) return; // final already: reports only move forward
          continue; // recorded meanwhile: the next update takes it
        }
        if (!(await table().where({ status: 'sending' }).first('id'))) return;
        await new Promise((resolve) => setTimeout(resolve, REPORT_RETRY_MS));
      }
    },

    /** Tests: a provider instead of the configured one (null = back to the configured one). */
    useProvider(replacement: SmsProvider | null): void {
      providerOverride = replacement;
      provider = null;
    },

    claimedRows,

    async ensureIndexes(): Promise<void> {
      const { ensureIndexes } = await import('../../../kernel/db');
      await ensureIndexes(strapi, [
        { name: 'civic_dialog_sms_messages_dedupe_key_uq', table: SMS_TABLE.smsMessage, columns: ['dedupe_key'], unique: true },
        { name: 'civic_dialog_sms_messages_status_priority_idx', table: SMS_TABLE.smsMessage, columns: ['status', 'priority', 'id'] },
        { name: 'civic_dialog_sms_messages_profile_idx', table: SMS_TABLE.smsMessage, columns: ['profile_id'] },
        { name: 'civic_dialog_sms_messages_provider_id_idx', table: SMS_TABLE.smsMessage, columns: ['provider_message_id'] },
        { name: 'civic_dialog_sms_phones_profile_uq', table: SMS_TABLE.smsPhone, columns: ['profile_id'], unique: true },
        { name: 'civic_dialog_sms_phones_phone_idx', table: SMS_TABLE.smsPhone, columns: ['phone'] },
        { name: 'civic_dialog_sms_codes_profile_idx', table: SMS_TABLE.smsCode, columns: ['profile_id'] },
      ]);
    },

    /** Start: indexes are made in bootstrap; a first drain for leftovers, then the poller. */
    start(): void {
      stopping = false;
      const { pollIntervalMs, enabled } = config();
      if (!enabled) return;
      if (pollIntervalMs > 0) {
        timer = setInterval(() => service.kick(), pollIntervalMs);
        timer.unref?.();
      }
      service.kick();
    },

    async stop(): Promise<void> {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = null;
      await current?.catch(() => undefined);
    },
  };
  return service;
};

export default smsOutbox;
export type SmsOutboxService = ReturnType<typeof smsOutbox>;
