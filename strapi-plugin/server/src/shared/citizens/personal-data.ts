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
  /** Deletes the citizen's personal data of this section; runs inside the erasure transaction. */
  erase(profileId: number): Promise<void>;
}

const personalData = ({ strapi }: { strapi: Strapi }) => {
  const sections = new Map<string, PersonalDataSection>();

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

    /** Erases every section in one transaction, later registrations first (they depend on the core). */
    async eraseProfile(profileId: number): Promise<void> {
      await strapi.db.transaction(async () => {
        for (const section of [...sections.values()].reverse()) await section.erase(profileId);
      });
    },
  };
};

export type PersonalDataService = ReturnType<typeof personalData>;
export default personalData;
