import type { ConsentAction, LegalPurpose } from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { hashIp, truncateUserAgent } from '../../utils/ip';

export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

export interface ConsentEntry {
  profileId: number;
  legalTextId: number | null;
  purpose: LegalPurpose;
  action: ConsentAction;
  topics: string[];
  sourceUrl?: string | null;
  widget?: string | null;
}

export interface ConsentRow extends Required<ConsentEntry> {
  id: number;
  ipHash: string | null;
  userAgent: string | null;
  createdAt: string;
}

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
  const service = {
    async append(entry: ConsentEntry, meta: RequestMeta = {}): Promise<ConsentRow> {
      const now = new Date();
      const row = {
        profileId: entry.profileId,
        legalTextId: entry.legalTextId,
        purpose: entry.purpose,
        action: entry.action,
        topics: entry.topics,
        sourceUrl: entry.sourceUrl ?? null,
        widget: entry.widget ?? null,
        ipHash: hashIp(meta.ip, ipHashSecret(strapi)),
        userAgent: truncateUserAgent(meta.userAgent),
      };
      // createMany: one INSERT (Query Engine defaults, timestamps and lifecycles included) without
      // create()'s SELECT of the new row; every field of it is known here.
      const { ids } = await strapi.db.query(UID.consent).createMany({ data: [{ ...row, createdAt: now, updatedAt: now }] });
      return { ...row, id: Number(ids[0]), createdAt: now.toISOString() };
    },

    async find(id: number): Promise<ConsentRow | null> {
      return (await strapi.db.query(UID.consent).findOne({ where: { id } })) as ConsentRow | null;
    },

    /** The newest consent of a profile for a purpose (the text a withdrawal refers to). */
    async latest(profileId: number, purpose: LegalPurpose): Promise<ConsentRow | null> {
      return (await strapi.db.query(UID.consent).findOne({
        where: { profileId, purpose, legalTextId: { $notNull: true } },
        orderBy: { id: 'desc' },
      })) as ConsentRow | null;
    },

    /**
     * One newsletter withdrawal for the topics of these subscriptions, referring to the text the
     * newest newsletter consent named (one-click unsubscribe and the preference center alike).
     */
    async withdrawNewsletter(profileId: number, topicIds: number[], widget: string, meta: RequestMeta): Promise<void> {
      const topics = topicIds.length
        ? ((await strapi.db.query(UID.topic).findMany({ where: { id: { $in: topicIds } }, select: ['slug'] })) as Array<{ slug: string }>)
        : [];
      const latest = await service.latest(profileId, 'newsletter');
      await service.append(
        {
          profileId,
          legalTextId: latest?.legalTextId ?? null,
          purpose: 'newsletter',
          action: 'withdrawn',
          topics: topics.map((topic) => topic.slug),
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
