import type { Strapi } from '../../kernel/types';
import { getService } from '../../kernel/services';
import { SMS_UID } from './tables';
import { smsMessageRows, smsPhoneRows } from './rows';

const exportedMessages = smsMessageRows.pick('kind', 'phone', 'text', 'status', 'deliveryStatus', 'createdAt', 'sentAt');

/** The export's "sms" section (number, consents, every text) and the erasure of all three SMS tables. */
export function registerSmsPersonalData(strapi: Strapi): void {
  getService(strapi, 'personalData').register({
    key: 'sms',
    async export(profileId) {
      const phone = smsPhoneRows.one(await strapi.db.query(SMS_UID.smsPhone).findOne({ where: { profileId } }));
      const messages = exportedMessages
        .many(await strapi.db.query(SMS_UID.smsMessage).findMany({ where: { profileId }, select: exportedMessages.select, orderBy: { id: 'asc' } }))
        // A code still waiting in the queue is a secret: an editor's export of the profile must not show it.
        .map((message) => (message.kind === 'verification' ? { ...message, text: '······' } : message));
      return {
        phone: phone?.phone ?? null,
        verifiedAt: phone?.verifiedAt ?? null,
        pendingPhone: phone?.pendingPhone ?? null,
        consents: { 'sms-alerts': phone?.alertsConsent ?? false, 'sms-registrations': phone?.registrationsConsent ?? false },
        doNotContact: phone?.suppressedAt ? { since: phone.suppressedAt, reason: phone.suppressedReason } : null,
        messages,
      };
    },
    async eraseMany(profileIds) {
      // The Query Engine: it runs in the erasure's transaction.
      for (const type of [SMS_UID.smsMessage, SMS_UID.smsCode, SMS_UID.smsPhone]) await strapi.db.query(type).deleteMany({ where: { profileId: { $in: profileIds } } });
    },
  });
}
