import type { ConsentAction, LegalPurpose, Locale } from '@civic-dialog/contracts';
import type { Strapi } from '../../kernel/types';
import { SHARED_UID } from '../tables';
import type { RequestMeta } from '../../kernel/http/request';
import { hashIp, truncateUserAgent } from '../../kernel/crypto/ip';
import { consentRows, type ConsentRow } from './rows';

export type { RequestMeta };

export interface ConsentEntry {
  profileId: number;
  legalTextId: number | null;
  purpose: LegalPurpose;
  action: ConsentAction;
  topics: string[];
  /** What an event or survey consent is for (subjectOf); none for newsletter consents. */
  subject?: string | null;
  sourceUrl?: string | null;
  widget?: string | null;
}

export type { ConsentRow };

/**
 * What an event or survey consent was for: `event:<id>`, `survey:<id>` in the ledger's `subject`.
 * The feature that owns the kind names them (`ledger.registerSubjects` in bootstrap: ids → titles in a
 * language), so the citizen's history says which event or survey; shared code knows neither.
 */
export const subjectOf = (kind: string, id: number): string => `${kind}:${id}`;
export type SubjectNames = (ids: number[], locale: Locale) => Promise<Map<number, string>>;

/** The secret for IP hashes: the host app's first APP_KEY (never stored next to the hashes). */
export function ipHashSecret(strapi: Strapi): string {
  const keys = strapi.config.get('server.app.keys') as string[] | string | undefined;
  const first = Array.isArray(keys) ? keys[0] : keys;
  if (!first) throw new Error('civic-dialog: server.app.keys (APP_KEYS) must be set to hash consent IP addresses');
  return first;
}

/**
 * The consent ledger: append-only (updates and deletes are refused by a database lifecycle, see
 * bootstrap/guards). Every entry names the legal text version, time, page, widget and network.
 */
const ledger = ({ strapi }: { strapi: Strapi }) => {
  const subjects = new Map<string, SubjectNames>();
  const service = {
    registerSubjects(kind: string, names: SubjectNames): void {
      subjects.set(kind, names);
    },

    /** The names of these consents' subjects in a language, by consent id; none where a consent has no subject or its kind no names. */
    async subjectsOf(consents: Array<Pick<ConsentRow, 'id' | 'subject'>>, locale: Locale): Promise<Map<number, string>> {
      const named = new Map<number, string>();
      for (const [kind, names] of subjects) {
        const ofKind = consents.flatMap((consent) => {
          const [subjectKind, id] = (consent.subject ?? '').split(':');
          return subjectKind === kind && Number.isInteger(Number(id)) ? [{ consent: consent.id, id: Number(id) }] : [];
        });
        if (!ofKind.length) continue;
        const titles = await names([...new Set(ofKind.map(({ id }) => id))], locale);
        for (const { consent, id } of ofKind) if (titles.has(id)) named.set(consent, titles.get(id)!);
      }
      return named;
    },

    async append(entry: ConsentEntry, meta: RequestMeta = {}): Promise<ConsentRow> {
      const now = new Date();
      const row = {
        profileId: entry.profileId,
        legalTextId: entry.legalTextId,
        purpose: entry.purpose,
        action: entry.action,
        topics: entry.topics,
        subject: entry.subject ?? null,
        sourceUrl: entry.sourceUrl ?? null,
        widget: entry.widget ?? null,
        ipHash: hashIp(meta.ip, ipHashSecret(strapi)),
        userAgent: truncateUserAgent(meta.userAgent),
      };
      // createMany: one INSERT (Query Engine defaults, timestamps and lifecycles included) without
      // create()'s SELECT of the new row; every field of it is known here.
      const { ids } = await strapi.db.query(SHARED_UID.consent).createMany({ data: [{ ...row, createdAt: now, updatedAt: now }] });
      return { ...row, id: Number(ids[0]), createdAt: now.toISOString() };
    },

    async find(id: number): Promise<ConsentRow | null> {
      return consentRows.one(await strapi.db.query(SHARED_UID.consent).findOne({ where: { id } }));
    },

    /** The newest consent of a profile for a purpose (the text a withdrawal refers to). */
    async latest(profileId: number, purpose: LegalPurpose): Promise<ConsentRow | null> {
      return consentRows.one(
        await strapi.db.query(SHARED_UID.consent).findOne({ where: { profileId, purpose, legalTextId: { $notNull: true } }, orderBy: { id: 'desc' } }),
      );
    },

    /**
     * One newsletter withdrawal for these topics (slugs), referring to the text the newest newsletter
     * consent named (one-click unsubscribe and the preference center alike).
     */
    async withdrawNewsletter(profileId: number, topics: string[], widget: string, meta: RequestMeta): Promise<void> {
      const latest = await service.latest(profileId, 'newsletter');
      await service.append(
        {
          profileId,
          legalTextId: latest?.legalTextId ?? null,
          purpose: 'newsletter',
          action: 'withdrawn',
          topics,
          sourceUrl: null,
          widget,
        },
        meta,
      );
    },
  };
  return service;
};

export default ledger;
export type LedgerService = ReturnType<typeof ledger>;
