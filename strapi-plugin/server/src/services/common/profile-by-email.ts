import type { Locale } from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { normaliseEmail } from '../../utils/email';
import { retryOnUniqueViolation } from '../../utils/db';

export interface ProfileRow {
  id: number;
  email: string;
  status: 'pending' | 'active' | 'unsubscribed' | 'erased';
  locale: Locale;
  firstName: string | null;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}

const PROFILE_FIELDS = ['id', 'email', 'status', 'locale', 'firstName', 'confirmedAt', 'unsubscribedAt'];

/** What a profile created by a citizen's request starts with. */
export interface NewProfile {
  locale: Locale;
  firstName?: string | null;
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
  async inTransaction<T>(email: string, newProfile: NewProfile, work: (profile: ProfileRow, transaction: ProfileTransaction) => Promise<T>): Promise<T> {
    const address = normaliseEmail(email);
    return retryOnUniqueViolation(() =>
      strapi.db.transaction(async ({ onCommit }) => {
        const profiles = strapi.db.query(UID.profile);
        const found = (await profiles.findOne({ where: { email: address }, select: PROFILE_FIELDS })) as ProfileRow | null;
        if (found) return work(found, { created: false, onCommit });
        const now = new Date();
        const data = { email: address, status: 'pending' as const, locale: newProfile.locale, firstName: newProfile.firstName || null };
        // One INSERT without read-back: every field of the new row is known here (signup hot path).
        const { ids } = await profiles.createMany({ data: [{ ...data, createdAt: now, updatedAt: now }] });
        return work({ id: Number(ids[0]), ...data, confirmedAt: null, unsubscribedAt: null }, { created: true, onCommit });
      }),
    );
  },
});

export default profileByEmail;
export type ProfileByEmailService = ReturnType<typeof profileByEmail>;
