import type { Strapi } from '../../../kernel/types';
import { getConfig } from '../../../kernel/get-config';
import { getService } from '../../../kernel/services';
import { retryOnUniqueViolation } from '../../../kernel/db';
import { normaliseEmail } from '../../../kernel/email';
import { LinkError } from '../../../kernel/http/errors';
import { SHARED_UID } from '../../../shared/tables';
import { messageRows } from '../../../shared/mail/rows';
import { profileRows } from '../../../shared/citizens/rows';
import { erasedEmailHash } from '../../../shared/citizens/gdpr';
import type { AdminUser } from '../../../shared/citizens/audit';
import { NEWSLETTERS_TABLE, NEWSLETTERS_UID } from '../../newsletters';
import { BOUNCES_TABLE, BOUNCES_UID } from '../tables';
import { bounceRows, newsletterBounceCounts, suppressionRows, type BounceRow, type SuppressionRow } from '../rows';
import { makeVerpAddress, readVerpAddress, verpKeysOf, type VerpRef } from '../verp';
import type { BounceReport } from '../parse';

/** What a report was about: the row the return path names (or, for a provider that keeps none, the address). */
interface Target {
  profileId: number;
  email: string;
  messageId: number | null;
  deliveryId: number | null;
  sendId: number | null;
}

/** What became of one report. */
export type RecordOutcome =
  | { outcome: 'recorded'; bounceId: number; kind: BounceReport['kind']; suppressed: boolean }
  | { outcome: 'duplicate' }
  | { outcome: 'forged' }
  | { outcome: 'unmatched' };

const messageTargets = messageRows.pick('id', 'profileId', 'toAddress');
const profileEmails = profileRows.pick('id', 'email');
const suppressedEmails = suppressionRows.pick('email');
const DAY_MS = 86_400_000;

/**
 * Bounce reports and complaints → bounce rows, suppressed addresses and, for a complaint, the
 * withdrawal of the newsletter consent. The outbox refuses every mail to a suppressed address.
 */
const bounces = ({ strapi }: { strapi: Strapi }) => {
  const config = () => getConfig(strapi).bounces;
  const keys = () => verpKeysOf([(strapi.config.get('server.app.keys') as string[] | string | undefined) ?? []].flat());

  async function targetOfRef(ref: VerpRef): Promise<Target | null> {
    if (ref.table === 'message') {
      const row = messageTargets.one(
        await strapi.db.query(SHARED_UID.message).findOne({ where: { id: ref.id }, select: messageTargets.select }),
      );
      return row?.toAddress ? { profileId: row.profileId, email: normaliseEmail(row.toAddress), messageId: row.id, deliveryId: null, sendId: null } : null;
    }
    const delivery = (await strapi.db.query(NEWSLETTERS_UID.delivery).findOne({ where: { id: ref.id }, select: ['id', 'profileId', 'sendId'] })) as
      | { id: number; profileId: number; sendId: number }
      | null;
    if (!delivery) return null;
    const profile = profileEmails.one(await strapi.db.query(SHARED_UID.profile).findOne({ where: { id: delivery.profileId }, select: profileEmails.select }));
    return profile?.email
      ? { profileId: profile.id, email: normaliseEmail(profile.email), messageId: null, deliveryId: delivery.id, sendId: Number(delivery.sendId) }
      : null;
  }

  async function targetOfAddress(address: string): Promise<Target | null> {
    const profile = profileEmails.one(
      await strapi.db.query(SHARED_UID.profile).findOne({ where: { email: normaliseEmail(address) }, select: profileEmails.select }),
    );
    return profile?.email ? { profileId: profile.id, email: profile.email, messageId: null, deliveryId: null, sendId: null } : null;
  }

  /**
   * An erased citizen's active suppression stays, under a keyed hash of the address (as the erasure
   * proof keeps it): an address that bounced hard or complained is not mailed again when it is typed
   * in anew, and nobody can read it back.
   */
  const erasedKey = (email: string) => `erased:${erasedEmailHash(strapi, email)}`;
  const keysOf = (email: string) => [normaliseEmail(email), erasedKey(email)];

  async function activeSuppression(email: string): Promise<SuppressionRow | null> {
    return suppressionRows.one(await strapi.db.query(BOUNCES_UID.suppression).findOne({ where: { email: { $in: keysOf(email) }, state: 'active' } }));
  }

  /** Suppresses an address (again, when an editor had lifted it). */
  async function suppress(target: Target, reason: SuppressionRow['reason'], bounceId: number, now: Date): Promise<void> {
    const existing = suppressionRows.one(await strapi.db.query(BOUNCES_UID.suppression).findOne({ where: { email: target.email } }));
    if (existing?.state === 'active') return;
    const data = { profileId: target.profileId, reason, state: 'active', bounceId, suppressedAt: now, liftedAt: null, liftedBy: null, liftNote: null };
    if (existing) await strapi.db.query(BOUNCES_UID.suppression).update({ where: { id: existing.id }, data });
    else await strapi.db.query(BOUNCES_UID.suppression).create({ data: { email: target.email, ...data } });
  }

  /** Soft bounces of an address since the window opened and since an editor last lifted its suppression. */
  async function recentSoftBounces(email: string, now: Date): Promise<number> {
    const lifted = suppressionRows.one(await strapi.db.query(BOUNCES_UID.suppression).findOne({ where: { email } }));
    const windowStart = new Date(now.getTime() - config().softBounceWindowDays * DAY_MS);
    const since = lifted?.liftedAt && Date.parse(lifted.liftedAt) > windowStart.getTime() ? new Date(lifted.liftedAt) : windowStart;
    return strapi.db.query(BOUNCES_UID.bounce).count({ where: { email, kind: 'soft', createdAt: { $gt: since } } });
  }

  const service = {
    /** The envelope sender of a row: `bounces+<ref>-<hmac>@<bounces.domain>`, or null without a bounce domain. */
    returnPath(ref: VerpRef): string | null {
      const { domain, localPart } = config();
      const signing = keys();
      return domain && signing.length ? makeVerpAddress(ref, signing, localPart, domain) : null;
    },

    /**
     * Records one report. A report from the bounce mailbox must name its row by a VERP address of
     * ours (`requireReturnPath`): anybody can write to that mailbox. A webhook call is authenticated,
     * so a provider that keeps no return path (Postmark) is matched by the address. A return path
     * whose signature does not verify is forged: nothing is recorded.
     */
    async record(report: BounceReport, options: { requireReturnPath: boolean; now?: Date }): Promise<RecordOutcome> {
      const now = options.now ?? new Date();
      const { domain, localPart } = config();
      let target: Target | null = null;
      if (report.returnPaths.length) {
        const refs = report.returnPaths.map((address) => readVerpAddress(address, keys(), localPart, domain)).filter((ref): ref is VerpRef => ref !== null);
        if (!refs.length) return { outcome: 'forged' };
        target = await targetOfRef(refs[0]!);
      } else if (!options.requireReturnPath && report.recipient) {
        target = await targetOfAddress(report.recipient);
      }
      if (!target) return { outcome: 'unmatched' };
      const found = target;

      return retryOnUniqueViolation(() =>
        strapi.db.transaction(async () => {
          const seen = await strapi.db.query(BOUNCES_UID.bounce).findOne({ where: { reportKey: report.reportKey }, select: ['id'] });
          if (seen) return { outcome: 'duplicate' as const };
          const bounce = bounceRows.existing(
            await strapi.db.query(BOUNCES_UID.bounce).create({
              data: {
                reportKey: report.reportKey,
                profileId: found.profileId,
                email: found.email,
                kind: report.kind,
                statusCode: report.statusCode?.slice(0, 16) ?? null,
                reason: report.reason,
                source: report.source.slice(0, 32),
                messageId: found.messageId,
                deliveryId: found.deliveryId,
                sendId: found.sendId,
                createdAt: now,
              },
            }),
          );
          let suppressed = false;
          if (report.kind === 'hard') {
            await suppress(found, 'hard-bounce', bounce.id, now);
            suppressed = true;
          } else if (report.kind === 'soft' && (await recentSoftBounces(found.email, now)) >= config().softBounceLimit) {
            await suppress(found, 'soft-bounces', bounce.id, now);
            suppressed = true;
          } else if (report.kind === 'complaint') {
            await suppress(found, 'complaint', bounce.id, now);
            // Like the unsubscribe link: every topic withdrawn, one ledger entry `withdrawn`.
            await getService(strapi, 'mailLinks')
              .unsubscribeProfile(found.profileId, {})
              .catch((error) => {
                // An erased profile has nothing left to withdraw.
                if (!(error instanceof LinkError)) throw error;
              });
            suppressed = true;
          }
          return { outcome: 'recorded' as const, bounceId: bounce.id, kind: report.kind, suppressed };
        }),
      );
    },

    /** The addresses among these that are suppressed (one query; newsletter batches). */
    async suppressedAmong(addresses: string[]): Promise<Set<string>> {
      const rows = suppressedEmails.many(await strapi.db.query(BOUNCES_UID.suppression).findMany({ where: { email: { $in: addresses.flatMap(keysOf) }, state: 'active' }, select: ['email'] }));
      const suppressed = new Set(rows.map((row) => row.email));
      return new Set(addresses.filter((address) => keysOf(address).some((key) => suppressed.has(key))));
    },

    /** Whether no mail may go to this address. */
    async isSuppressed(email: string): Promise<boolean> {
      return (await activeSuppression(email)) !== null;
    },

    async suppressionOf(email: string): Promise<SuppressionRow | null> {
      // The address's own row first; else the one an erasure left (an editor may lift it for the new profile).
      const rows = suppressionRows.many(await strapi.db.query(BOUNCES_UID.suppression).findMany({ where: { email: { $in: keysOf(email) } } }));
      return rows.find((row) => row.email === normaliseEmail(email)) ?? rows[0] ?? null;
    },

    /** An editor lifts a suppression with a note; the audit log records who did it for whom. */
    async lift(id: number, note: string, admin: AdminUser): Promise<SuppressionRow | null> {
      return strapi.db.transaction(async () => {
        const row = suppressionRows.one(await strapi.db.query(BOUNCES_UID.suppression).findOne({ where: { id } }));
        if (!row || row.state !== 'active') return null;
        const updated = suppressionRows.existing(
          await strapi.db.query(BOUNCES_UID.suppression).update({
            where: { id },
            data: { state: 'lifted', liftedAt: new Date(), liftedBy: admin.email ?? String(admin.id), liftNote: note },
          }),
        );
        if (row.profileId) await getService(strapi, 'audit').record(admin, 'lifted-suppression', row.profileId);
        // One kept from an erased citizen (`erased:<hmac>`) has no profile: the entry names the suppression.
        else await getService(strapi, 'audit').recordAccess(admin, 'lifted-suppression', `suppression ${id} (erased citizen)`);
        return updated;
      });
    },

    /** The suppressions editors see, newest first. */
    async listSuppressions(query: { state?: 'active' | 'lifted'; page: number; pageSize: number }) {
      const where = query.state ? { state: query.state } : {};
      const [total, rows] = await Promise.all([
        strapi.db.query(BOUNCES_UID.suppression).count({ where }),
        strapi.db
          .query(BOUNCES_UID.suppression)
          .findMany({ where, orderBy: { id: 'desc' }, limit: query.pageSize, offset: (query.page - 1) * query.pageSize })
          .then(suppressionRows.many),
      ]);
      return { total, rows };
    },

    /** Bounces per newsletter (document id) and kind: the newsletter report. */
    async countsPerNewsletter(documentIds?: string[]): Promise<Record<string, Record<BounceRow['kind'], number>>> {
      const query = strapi.db
        .connection(`${BOUNCES_TABLE.bounce} as b`)
        .join(`${NEWSLETTERS_TABLE.send} as s`, 's.id', 'b.send_id')
        .select('s.newsletter_document_id as newsletterDocumentId', 'b.kind as kind')
        .count({ total: '*' })
        .groupBy('s.newsletter_document_id', 'b.kind');
      if (documentIds?.length) query.whereIn('s.newsletter_document_id', documentIds);
      const counts: Record<string, Record<BounceRow['kind'], number>> = {};
      for (const row of newsletterBounceCounts.many(await query)) {
        counts[row.newsletterDocumentId] ??= { hard: 0, soft: 0, complaint: 0, unknown: 0 };
        counts[row.newsletterDocumentId]![row.kind as BounceRow['kind']] = row.total;
      }
      return counts;
    },

    /** The citizen's bounces and suppression: the export, and the 360° view's timeline (`at`, `status`, `label`). */
    async exportOf(profileId: number) {
      const rows = bounceRows.many(await strapi.db.query(BOUNCES_UID.bounce).findMany({ where: { profileId }, orderBy: { id: 'asc' } }));
      const suppressions = suppressionRows.many(await strapi.db.query(BOUNCES_UID.suppression).findMany({ where: { profileId }, orderBy: { id: 'asc' } }));
      return [
        ...rows.map((row) => ({ at: row.createdAt, status: row.kind, label: row.reason, statusCode: row.statusCode, address: row.email, source: row.source })),
        ...suppressions.map((row) => ({
          at: row.liftedAt ?? row.suppressedAt,
          status: row.state === 'active' ? 'suppressed' : 'lifted',
          label: row.state === 'active' ? row.reason : row.liftNote,
          suppressionId: row.id,
          reason: row.reason,
          address: row.email,
          suppressedAt: row.suppressedAt,
          liftedAt: row.liftedAt,
          liftedBy: row.liftedBy,
        })),
      ];
    },

    async eraseMany(profileIds: number[]): Promise<void> {
      await strapi.db.query(BOUNCES_UID.bounce).deleteMany({ where: { profileId: { $in: profileIds } } });
      const suppressions = strapi.db.query(BOUNCES_UID.suppression);
      const active = suppressionRows.many(await suppressions.findMany({ where: { profileId: { $in: profileIds }, state: 'active' } }));
      for (const row of active) {
        const key = erasedKey(row.email);
        // Erased before with the same address: that hashed row already suppresses it.
        if (await suppressions.findOne({ where: { email: key }, select: ['id'] })) continue;
        await suppressions.update({ where: { id: row.id }, data: { email: key, profileId: null, bounceId: null } });
      }
      await suppressions.deleteMany({ where: { profileId: { $in: profileIds } } });
    },
  };
  return service;
};

export default bounces;
export type BouncesService = ReturnType<typeof bounces>;
