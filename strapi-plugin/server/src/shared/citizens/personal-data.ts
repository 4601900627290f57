import type { Strapi } from '../../kernel/types';

/**
 * INV-SELF-SERVICE. One section of what the town holds about a citizen. Every feature that stores personal data
 * registers one (in bootstrap), so the export (GDPR Art. 15/20) and the erasure (Art. 17) cannot
 * forget a feature.
 */
export interface PersonalDataSection {
  /** Key of the section in the export JSON, e.g. 'subscriptions', 'registrations'. */
  key: string;
  /** The citizen's data in this section, JSON-serialisable. */
  export(profileId: number): Promise<unknown>;
  /**
   * Deletes the personal data of this section of these citizens (one, or a batch of the retention
   * job): set-based, a few statements whatever the number. Runs inside the erasure transaction.
   */
  eraseMany(profileIds: number[]): Promise<void>;
}

const personalData = ({ strapi }: { strapi: Strapi }) => {
  const sections = new Map<string, PersonalDataSection>();

  /**
   * Erases these citizens in every section in one transaction, later registrations first (they
   * depend on the core). The only erasure there is: a citizen's request erases a batch of one.
   */
  async function eraseProfiles(profileIds: number[]): Promise<void> {
    if (!profileIds.length) return;
    await strapi.db.transaction(async () => {
      for (const section of [...sections.values()].reverse()) await section.eraseMany(profileIds);
    });
  }

  return {
    register(section: PersonalDataSection) {
      if (sections.has(section.key)) throw new Error(`civic-dialog: personal data section "${section.key}" registered twice`);
      sections.set(section.key, section);
    },

    sectionKeys(): string[] {
      return [...sections.keys()];
    },

    /** One section of one citizen (the admin detail shows later features' sections). */
    async exportSection(key: string, profileId: number): Promise<unknown> {
      const section = sections.get(key);
      return section ? section.export(profileId) : null;
    },

    /** Everything about one citizen, one key per registered section. */
    async exportProfile(profileId: number): Promise<Record<string, unknown>> {
      const result: Record<string, unknown> = {};
      for (const section of sections.values()) result[section.key] = await section.export(profileId);
      return result;
    },

    /** Erases one citizen: the batch erasure of one. */
    eraseProfile: (profileId: number): Promise<void> => eraseProfiles([profileId]),

    eraseProfiles,
  };
};

export type PersonalDataService = ReturnType<typeof personalData>;
export default personalData;
