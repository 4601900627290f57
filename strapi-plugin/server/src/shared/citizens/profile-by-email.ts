import type { Locale } from '@civic-dialog/contracts';
import type { Strapi } from '../../kernel/types';
import { SHARED_UID } from '../tables';
import { normaliseEmail } from '../../kernel/email';
import { retryOnUniqueViolation, type RowOf } from '../../kernel/db';
import { profileRows } from './rows';

const foundProfiles = profileRows.pick('id', 'email', 'status', 'locale', 'firstName', 'confirmedAt', 'unsubscribedAt');

/** The columns of a profile a citizen's request works with. */
export type FoundProfile = RowOf<typeof foundProfiles>;

/**
 * What a profile created by a citizen's request starts with. No name: anyone can type anyone's
 * address, so a name given with a request reaches the profile only when that request is confirmed.
 */
export interface NewProfile {
  locale: Locale;
}

export interface ProfileTransaction {
  /** The profile was created in this transaction: it has no subscriptions, registrations or mails yet. */
  created: boolean;
  onCommit(callback: () => unknown): void;
}

/**
 * The one way a citizen's request (signup, event registration, identified survey) finds the
 * profile of an address, or creates it as pending — nothing is activated here.
 */
const profileByEmail = ({ strapi }: { strapi: Strapi }) => ({
  /**
   * Runs `work` in one transaction with the profile of this (normalised) address. Two simultaneous
   * first requests of one address race for the unique email: the loser runs the whole transaction
   * again and then finds the winner's profile.
   */
  async inTransaction<T>(email: string, newProfile: NewProfile, work: (profile: FoundProfile, transaction: ProfileTransaction) => Promise<T>): Promise<T> {
    const address = normaliseEmail(email);
    return retryOnUniqueViolation(() =>
      strapi.db.transaction(async ({ onCommit }) => {
        const profiles = strapi.db.query(SHARED_UID.profile);
        const found = foundProfiles.one(await profiles.findOne({ where: { email: address }, select: foundProfiles.select }));
        if (found) return work(found, { created: false, onCommit });
        const now = new Date();
        const data = { email: address, status: 'pending' as const, locale: newProfile.locale, firstName: null };
        // One INSERT without read-back: every field of the new row is known here (signup hot path).
        const { ids } = await profiles.createMany({ data: [{ ...data, createdAt: now, updatedAt: now }] });
        return work({ id: Number(ids[0]), ...data, confirmedAt: null, unsubscribedAt: null }, { created: true, onCommit });
      }),
    );
  },
});

export default profileByEmail;
export type ProfileByEmailService = ReturnType<typeof profileByEmail>;
