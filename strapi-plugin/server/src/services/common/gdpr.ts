import { createHmac } from 'node:crypto';
import { errors } from '@strapi/utils';
import { PERSONAL_DATA_EXPORT_FORMAT, type Locale, type PersonalDataExport } from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { normaliseEmail } from '../../utils/email';
import { toIso } from '../../utils/time';
import { getService } from '../../utils/services';
import { ipHashSecret } from './ledger';
import { topicName, type LegalTextRow, type TopicRow } from '../client/catalog';

type Row = Record<string, any>;

/** Salted hash of an address for the erasure proof: HMAC with the app key, so it cannot be looked up in a table of known addresses. */
export function erasedEmailHash(strapi: Strapi, email: string): string {
  return createHmac('sha256', ipHashSecret(strapi)).update(`erasure:${normaliseEmail(email)}`).digest('hex');
}

/**
 * GDPR self-service for citizens and editors alike: the core sections of the personal data
 * registry (profile, subscriptions, consents, messages, tokens), the export document (Art. 15/20)
 * and erasure (Art. 17).
 */
const gdpr = ({ strapi }: { strapi: Strapi }) => {
  const query = (uid: (typeof UID)[keyof typeof UID]) => strapi.db.query(uid);

  async function profileRow(profileId: number): Promise<Row | null> {
    return (await query(UID.profile).findOne({ where: { id: profileId } })) as Row | null;
  }

  return {
    /** Registers the core sections; called first in bootstrap so later features erase before them. */
    registerCoreSections() {
      const registry = getService(strapi, 'personalData');

      registry.register({
        key: 'profile',
        async export(profileId) {
          const profile = await profileRow(profileId);
          if (!profile) return null;
          return {
            email: profile.email,
            firstName: profile.firstName ?? null,
            postalCode: profile.postalCode ?? null,
            district: profile.district ?? null,
            locale: profile.locale,
            status: profile.status,
            attributes: profile.attributes ?? null,
            createdAt: toIso(profile.createdAt),
            confirmedAt: toIso(profile.confirmedAt),
            unsubscribedAt: toIso(profile.unsubscribedAt),
          };
        },
        // Runs last: the proof keeps a salted hash of the address, the row stays as an empty tombstone
        // so consent proofs keep a profile id that no new signup can ever take over.
        async erase(profileId) {
          const profile = await profileRow(profileId);
          if (!profile || profile.status === 'erased') return;
          const now = new Date();
          if (profile.email) {
            await query(UID.erasure).create({
              data: { emailHash: erasedEmailHash(strapi, profile.email), profileId, erasedAt: now },
            });
          }
          await query(UID.profile).update({
            where: { id: profileId },
            data: {
              email: null,
              firstName: null,
              postalCode: null,
              district: null,
              attributes: null,
              status: 'erased',
              confirmedAt: null,
              unsubscribedAt: null,
            },
          });
        },
      });

      registry.register({
        key: 'subscriptions',
        async export(profileId) {
          const rows = (await query(UID.subscription).findMany({ where: { profileId }, orderBy: { id: 'asc' } })) as Row[];
          const topics = rows.length
            ? ((await query(UID.topic).findMany({ where: { id: { $in: rows.map((r) => r.topicId) } } })) as TopicRow[])
            : [];
          const locale: Locale = (await profileRow(profileId))?.locale === 'en' ? 'en' : 'de';
          return rows.map((row) => {
            const topic = topics.find((t) => t.id === Number(row.topicId));
            return {
              topic: topic ? { slug: topic.slug, name: topicName(topic, locale) } : null,
              status: row.status,
              source: row.source ?? null,
              createdAt: toIso(row.createdAt),
              confirmedAt: toIso(row.confirmedAt),
              withdrawnAt: toIso(row.withdrawnAt),
            };
          });
        },
        async erase(profileId) {
          await query(UID.subscription).deleteMany({ where: { profileId } });
        },
      });

      registry.register({
        key: 'consents',
        async export(profileId) {
          const rows = (await query(UID.consent).findMany({ where: { profileId }, orderBy: { id: 'asc' } })) as Row[];
          const legalIds = [...new Set(rows.map((r) => r.legalTextId).filter((id) => id != null).map(Number))];
          const texts = legalIds.length
            ? ((await query(UID.legalText).findMany({ where: { id: { $in: legalIds } } })) as LegalTextRow[])
            : [];
          return rows.map((row) => {
            const text = texts.find((t) => t.id === Number(row.legalTextId));
            return {
              action: row.action,
              purpose: row.purpose,
              createdAt: toIso(row.createdAt),
              topics: Array.isArray(row.topics) ? row.topics : [],
              sourceUrl: row.sourceUrl ?? null,
              widget: row.widget ?? null,
              ipHash: row.ipHash ?? null,
              userAgent: row.userAgent ?? null,
              // The full text the citizen agreed to, not only its version.
              legalText: text
                ? { purpose: text.purpose, locale: text.locale, version: text.version, title: text.title, body: text.body }
                : null,
            };
          });
        },
        // The ledger keeps the proof (action, purpose, text, topics, time); where-from goes.
        async erase(profileId) {
          await getService(strapi, 'guards').redactConsents(profileId);
        },
      });

      registry.register({
        key: 'messages',
        async export(profileId) {
          const rows = (await query(UID.message).findMany({
            where: { profileId },
            orderBy: { id: 'asc' },
            select: ['kind', 'subject', 'status', 'toAddress', 'createdAt', 'sentAt'],
          })) as Row[];
          return rows.map((row) => ({
            kind: row.kind,
            subject: row.subject,
            status: row.status,
            toAddress: row.toAddress,
            createdAt: toIso(row.createdAt),
            sentAt: toIso(row.sentAt),
          }));
        },
        // Rows stay for sending statistics, without address, subject, data or SMTP errors (they quote addresses).
        async erase(profileId) {
          await query(UID.message).updateMany({
            where: { profileId, status: 'queued' },
            data: { status: 'failed' },
          });
          await query(UID.message).updateMany({
            where: { profileId },
            data: { toAddress: '', subject: '', data: null, error: null },
          });
        },
      });

      registry.register({
        key: 'tokens',
        async export(profileId) {
          const rows = (await query(UID.token).findMany({
            where: { profileId },
            orderBy: { id: 'asc' },
            select: ['purpose', 'createdAt', 'expiresAt', 'usedAt'],
          })) as Row[];
          return rows.map((row) => ({
            purpose: row.purpose,
            createdAt: toIso(row.createdAt),
            expiresAt: toIso(row.expiresAt),
            usedAt: toIso(row.usedAt),
          }));
        },
        async erase(profileId) {
          await getService(strapi, 'tokens').revokeAllOf(profileId);
        },
      });
    },

    /** The same JSON for the citizen and the admin: every registered section. */
    async exportDocument(profileId: number): Promise<PersonalDataExport> {
      const profile = await profileRow(profileId);
      if (!profile || profile.status === 'erased') throw new errors.NotFoundError(`Profile ${profileId} not found`);
      return {
        exportedAt: new Date().toISOString(),
        format: PERSONAL_DATA_EXPORT_FORMAT,
        sections: await getService(strapi, 'personalData').exportProfile(profileId),
      };
    },

    /** Erases a profile in every registered section, in one transaction; erased twice is a 404. */
    async erase(profileId: number): Promise<void> {
      await strapi.db.transaction(async () => {
        const profile = await profileRow(profileId);
        if (!profile || profile.status === 'erased') throw new errors.NotFoundError(`Profile ${profileId} not found`);
        await getService(strapi, 'personalData').eraseProfile(profileId);
      });
    },

    /** True when an address was erased (an import must not bring it back). */
    async wasErased(email: string): Promise<boolean> {
      return (await query(UID.erasure).count({ where: { emailHash: erasedEmailHash(strapi, email) } })) > 0;
    },
  };
};

export default gdpr;
export type GdprService = ReturnType<typeof gdpr>;
