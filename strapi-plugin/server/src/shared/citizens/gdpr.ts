import { createHmac } from 'node:crypto';
import { errors } from '@strapi/utils';
import { PERSONAL_DATA_EXPORT_FORMAT, type PersonalDataExport } from '@civic-dialog/contracts';
import type { Strapi } from '../../kernel/types';
import { SHARED_UID } from '../tables';
import { normaliseEmail } from '../../kernel/email';
import { getService } from '../../kernel/services';
import { ipHashSecret } from '../consent/ledger';
import { consentRows, legalTextRows } from '../consent/rows';
import { messageRows } from '../mail/rows';
import { tokenRows } from '../tokens/rows';
import { profileRows, type ProfileRow } from './rows';

const exportedMessages = messageRows.pick('kind', 'subject', 'status', 'toAddress', 'createdAt', 'sentAt');
const exportedTokens = tokenRows.pick('purpose', 'createdAt', 'expiresAt', 'usedAt');
const erasedFields = profileRows.pick('id', 'email');

/** Salted hash of an address for the erasure proof: HMAC with the app key, so it cannot be looked up in a table of known addresses. */
export function erasedEmailHash(strapi: Strapi, email: string): string {
  return createHmac('sha256', ipHashSecret(strapi)).update(`erasure:${normaliseEmail(email)}`).digest('hex');
}

/**
 * GDPR self-service for citizens and editors alike: the core sections of the personal data
 * registry (profile, consents, messages, tokens; features register their own), the export document (Art. 15/20)
 * and erasure (Art. 17).
 */
const gdpr = ({ strapi }: { strapi: Strapi }) => {
  const query = (uid: (typeof SHARED_UID)[keyof typeof SHARED_UID]) => strapi.db.query(uid);

  async function profileRow(profileId: number): Promise<ProfileRow | null> {
    return profileRows.one(await query(SHARED_UID.profile).findOne({ where: { id: profileId } }));
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
            firstName: profile.firstName,
            postalCode: profile.postalCode,
            district: profile.district,
            locale: profile.locale,
            status: profile.status,
            attributes: profile.attributes,
            createdAt: profile.createdAt,
            confirmedAt: profile.confirmedAt,
            unsubscribedAt: profile.unsubscribedAt,
            lastVisitAt: profile.lastVisitAt,
          };
        },
        // Runs last: the proof keeps a salted hash of each address, the rows stay as empty tombstones
        // so consent proofs keep a profile id that no new signup can ever take over.
        async eraseMany(profileIds) {
          const profiles = erasedFields.many(
            await query(SHARED_UID.profile).findMany({ where: { id: { $in: profileIds }, status: { $ne: 'erased' } }, select: erasedFields.select }),
          );
          if (!profiles.length) return;
          const now = new Date();
          const emails = profiles.flatMap((profile) => (profile.email ? [{ id: profile.id, email: profile.email }] : []));
          if (emails.length) {
            await query(SHARED_UID.erasure).createMany({
              data: emails.map(({ id, email }) => ({ emailHash: erasedEmailHash(strapi, email), profileId: id, erasedAt: now })),
            });
            await getService(strapi, 'rateLimits').forgetMailboxes(emails.map(({ email }) => email));
          }
          await query(SHARED_UID.profile).updateMany({
            where: { id: { $in: profiles.map((profile) => profile.id) } },
            data: {
              email: null,
              firstName: null,
              postalCode: null,
              district: null,
              attributes: null,
              status: 'erased',
              confirmedAt: null,
              unsubscribedAt: null,
              lastVisitAt: null,
            },
          });
        },
      });

      registry.register({
        key: 'consents',
        async export(profileId) {
          const rows = consentRows.many(await query(SHARED_UID.consent).findMany({ where: { profileId }, orderBy: { id: 'asc' } }));
          const legalIds = [...new Set(rows.flatMap((row) => (row.legalTextId === null ? [] : [row.legalTextId])))];
          const texts = legalIds.length ? legalTextRows.many(await query(SHARED_UID.legalText).findMany({ where: { id: { $in: legalIds } } })) : [];
          return rows.map((row) => {
            const text = texts.find((t) => t.id === row.legalTextId);
            return {
              action: row.action,
              purpose: row.purpose,
              createdAt: row.createdAt,
              topics: row.topics,
              // Which event or survey it was for (`event:<id>`, `survey:<id>`), also after that is gone.
              subject: row.subject,
              sourceUrl: row.sourceUrl,
              widget: row.widget,
              ipHash: row.ipHash,
              userAgent: row.userAgent,
              // The full text the citizen agreed to, not only its version.
              legalText: text
                ? { purpose: text.purpose, locale: text.locale, version: text.version, title: text.title, body: text.body }
                : null,
            };
          });
        },
        // The ledger keeps the proof (action, purpose, text, topics, time); where-from goes.
        async eraseMany(profileIds) {
          await getService(strapi, 'guards').redactConsents(profileIds);
        },
      });

      registry.register({
        key: 'messages',
        async export(profileId) {
          return exportedMessages.many(
            await query(SHARED_UID.message).findMany({ where: { profileId }, orderBy: { id: 'asc' }, select: exportedMessages.select }),
          );
        },
        // Rows stay for sending statistics, without address, subject, data or SMTP errors (they quote addresses).
        async eraseMany(profileIds) {
          await query(SHARED_UID.message).updateMany({
            where: { profileId: { $in: profileIds }, status: 'queued' },
            data: { status: 'failed' },
          });
          await query(SHARED_UID.message).updateMany({
            where: { profileId: { $in: profileIds } },
            data: { toAddress: '', subject: '', data: null, error: null },
          });
        },
      });

      registry.register({
        key: 'tokens',
        async export(profileId) {
          return exportedTokens.many(
            await query(SHARED_UID.token).findMany({ where: { profileId }, orderBy: { id: 'asc' }, select: exportedTokens.select }),
          );
        },
        async eraseMany(profileIds) {
          await getService(strapi, 'tokens').revokeAllOf(profileIds);
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
      return (await query(SHARED_UID.erasure).count({ where: { emailHash: erasedEmailHash(strapi, email) } })) > 0;
    },
  };
};

export default gdpr;
export type GdprService = ReturnType<typeof gdpr>;
