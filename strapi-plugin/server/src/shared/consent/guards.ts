import { AsyncLocalStorage } from 'node:async_hooks';
import { errors } from '@strapi/utils';
import { LOCALES } from '@civic-dialog/contracts';
import type { Strapi } from '../../kernel/types';
import { SHARED_TABLE, SHARED_UID } from '../tables';
import { ensureIndexes, type IndexSpec } from '../../kernel/db';
import { consentRows, legalTextRows } from './rows';

interface LifecycleEvent {
  action: string;
  model: { uid: string };
  params: { where?: Record<string, unknown>; data?: Record<string, unknown> };
}

/** Indexes of the shared tables (features create their own tables' indexes). */
const INDEXES: IndexSpec[] = [
  { name: 'civic_dialog_profiles_email_uq', table: SHARED_TABLE.profile, columns: ['email'], unique: true },
  { name: 'civic_dialog_profiles_status_ix', table: SHARED_TABLE.profile, columns: ['status'] },
  { name: 'civic_dialog_consents_profile_created_ix', table: SHARED_TABLE.consent, columns: ['profile_id', 'created_at'] },
  { name: 'civic_dialog_consents_legal_text_ix', table: SHARED_TABLE.consent, columns: ['legal_text_id'] },
  { name: 'civic_dialog_tokens_hash_uq', table: SHARED_TABLE.token, columns: ['token_hash'], unique: true },
  { name: 'civic_dialog_tokens_expires_ix', table: SHARED_TABLE.token, columns: ['expires_at'] },
  { name: 'civic_dialog_tokens_profile_ix', table: SHARED_TABLE.token, columns: ['profile_id'] },
  { name: 'civic_dialog_audit_entries_profile_ix', table: SHARED_TABLE.auditEntry, columns: ['profile_id', 'id'] },
  { name: 'civic_dialog_erasures_email_hash_ix', table: SHARED_TABLE.erasure, columns: ['email_hash'] },
  { name: 'civic_dialog_legal_texts_version_uq', table: SHARED_TABLE.legalText, columns: ['purpose', 'locale', 'version'], unique: true },
];

const legalTextIds = legalTextRows.pick('id');
const consentProfileIds = consentRows.pick('profileId');
const legalTextVersions = legalTextRows.pick('version');

const APPEND_ONLY = 'The consent ledger is append-only: a consent cannot be changed or deleted.';
const AUDIT_APPEND_ONLY = 'The audit log is append-only: an entry cannot be changed or deleted.';

/** The consent fields erasure removes (Art. 17); everything else stays as proof. */
const REDACTED_CONSENT_FIELDS = ['sourceUrl', 'ipHash', 'userAgent'] as const;

/**
 * The ways past the append-only guards, each set only while its method below runs and valid only
 * for exactly the statement that method makes (the same `where`): erasure and the retention job.
 */
type GuardScope = { action: 'beforeUpdateMany' | 'beforeDeleteMany'; model: string; where: Record<string, unknown>; fields?: readonly string[] };
const guardScope = new AsyncLocalStorage<GuardScope>();

/** True for exactly the statement the running scope allows: its model, its where, only its fields nulled. */
function isAllowedByScope(event: LifecycleEvent): boolean {
  const scope = guardScope.getStore();
  if (!scope || event.action !== scope.action || event.model.uid !== scope.model) return false;
  if (JSON.stringify(event.params.where ?? {}) !== JSON.stringify(scope.where)) return false;
  if (scope.action === 'beforeDeleteMany') return true;
  return Object.entries(event.params.data ?? {}).every(
    ([key, value]) => key === 'updatedAt' || ((scope.fields ?? []).includes(key) && value === null),
  );
}

function inScope<T>(scope: GuardScope, run: () => Promise<T>): Promise<T> {
  return guardScope.run(scope, run);
}

/** The consent fields the retention job removes after consentNetworkMonths: how, not what, was agreed. */
const NETWORK_CONSENT_FIELDS = ['ipHash', 'userAgent'] as const;

/**
 * INV-LEDGER. Server-side rules the database must keep whoever writes (content manager, Document Service,
 * Query Engine): the consent ledger is append-only; a legal text a consent references is frozen;
 * legal text versions count up per purpose and locale.
 */
const guards = ({ strapi }: { strapi: Strapi }) => {
  async function referencedLegalTextIds(where: Record<string, unknown> | undefined): Promise<number[]> {
    const texts = legalTextIds.many(await strapi.db.query(SHARED_UID.legalText).findMany({ where: where ?? {}, select: legalTextIds.select }));
    if (!texts.length) return [];
    const referenced: number[] = [];
    for (const { id } of texts) {
      // One indexed count per text: editors change a handful of texts, consents can be millions.
      if ((await strapi.db.query(SHARED_UID.consent).count({ where: { legalTextId: id } })) > 0) referenced.push(id);
    }
    return referenced;
  }

  async function refuseReferencedLegalText(event: LifecycleEvent, verb: 'changed' | 'deleted') {
    const referenced = await referencedLegalTextIds(event.params.where);
    if (referenced.length) {
      throw new errors.ValidationError(
        `This legal text version is referenced by consents and cannot be ${verb}; create a new version instead.`,
        { legalTextIds: referenced },
      );
    }
  }

  /** Editors see the `language` field; Strapi's i18n turns `locale` into a hidden string on every type. */
  function syncLanguage(data: Record<string, unknown>) {
    const value = data.locale ?? data.language;
    if (value === undefined) return;
    if (!LOCALES.includes(value as (typeof LOCALES)[number])) {
      throw new errors.ValidationError(`locale must be one of ${LOCALES.join(', ')}`, {
        errors: [{ path: ['locale'], message: `locale must be one of ${LOCALES.join(', ')}`, name: 'ValidationError' }],
      });
    }
    data.locale = value;
    data.language = value;
  }

  async function assignVersion(data: Record<string, unknown>) {
    if (data.version !== undefined && data.version !== null && data.version !== '') return;
    const purpose = data.purpose ?? 'newsletter';
    data.purpose = purpose;
    const latest = legalTextVersions.one(
      await strapi.db.query(SHARED_UID.legalText).findOne({
        where: { purpose, locale: data.locale, version: { $notNull: true } },
        orderBy: { version: 'desc' },
        select: legalTextVersions.select,
      }),
    );
    data.version = (latest?.version ?? 0) + 1;
  }

  return {
    subscribeLifecycles() {
      strapi.db.lifecycles.subscribe({
        models: [SHARED_UID.consent],
        beforeUpdate: () => Promise.reject(new errors.ValidationError(APPEND_ONLY)),
        beforeUpdateMany: (event: LifecycleEvent) =>
          isAllowedByScope(event) ? Promise.resolve() : Promise.reject(new errors.ValidationError(APPEND_ONLY)),
        beforeDelete: () => Promise.reject(new errors.ValidationError(APPEND_ONLY)),
        beforeDeleteMany: (event: LifecycleEvent) =>
          isAllowedByScope(event) ? Promise.resolve() : Promise.reject(new errors.ValidationError(APPEND_ONLY)),
      });

      strapi.db.lifecycles.subscribe({
        models: [SHARED_UID.auditEntry],
        beforeUpdate: () => Promise.reject(new errors.ValidationError(AUDIT_APPEND_ONLY)),
        beforeUpdateMany: () => Promise.reject(new errors.ValidationError(AUDIT_APPEND_ONLY)),
        beforeDelete: () => Promise.reject(new errors.ValidationError(AUDIT_APPEND_ONLY)),
        beforeDeleteMany: (event: LifecycleEvent) =>
          isAllowedByScope(event) ? Promise.resolve() : Promise.reject(new errors.ValidationError(AUDIT_APPEND_ONLY)),
      });

      strapi.db.lifecycles.subscribe({
        models: [SHARED_UID.legalText],
        async beforeCreate(event: LifecycleEvent) {
          const data = event.params.data ?? {};
          syncLanguage(data);
          if (!data.locale) {
            throw new errors.ValidationError('language is required', {
              errors: [{ path: ['language'], message: 'language is required', name: 'ValidationError' }],
            });
          }
          await assignVersion(data);
        },
        async beforeCreateMany(event: LifecycleEvent) {
          const rows = (event.params.data ?? []) as unknown as Array<Record<string, unknown>>;
          for (const data of rows) {
            syncLanguage(data);
            await assignVersion(data);
          }
        },
        async beforeUpdate(event: LifecycleEvent) {
          await refuseReferencedLegalText(event, 'changed');
          if (event.params.data) syncLanguage(event.params.data);
        },
        async beforeUpdateMany(event: LifecycleEvent) {
          await refuseReferencedLegalText(event, 'changed');
          if (event.params.data) syncLanguage(event.params.data);
        },
        beforeDelete: (event: LifecycleEvent) => refuseReferencedLegalText(event, 'deleted'),
        beforeDeleteMany: (event: LifecycleEvent) => refuseReferencedLegalText(event, 'deleted'),
      });
    },

    /**
     * Erasure (Art. 17) reduces these profiles' consents to proof: action, purpose, legal text, topics
     * and timestamps stay; where from (page, IP hash, browser) goes. Only this method may update
     * the ledger, and only in this way.
     */
    async redactConsents(profileIds: number[]): Promise<void> {
      if (!profileIds.length) return;
      const data = Object.fromEntries(REDACTED_CONSENT_FIELDS.map((field) => [field, null]));
      const where = { profileId: { $in: profileIds } };
      await inScope({ action: 'beforeUpdateMany', model: SHARED_UID.consent, where, fields: REDACTED_CONSENT_FIELDS }, () =>
        strapi.db.query(SHARED_UID.consent).updateMany({ where, data }),
      );
    },

    /** Retention: the IP hash and browser string of these consents go; what, when and which text stay (INV-LEDGER). */
    async redactConsentNetworkData(ids: number[]): Promise<void> {
      if (!ids.length) return;
      const data = Object.fromEntries(NETWORK_CONSENT_FIELDS.map((field) => [field, null]));
      const where = { id: { $in: ids } };
      await inScope({ action: 'beforeUpdateMany', model: SHARED_UID.consent, where, fields: NETWORK_CONSENT_FIELDS }, () =>
        strapi.db.query(SHARED_UID.consent).updateMany({ where, data }),
      );
    },

    /**
     * Retention: the grants of profiles that never confirmed anything go. A grant without its
     * confirmation proves no consent (double opt-in); a profile with any confirmation keeps every row.
     */
    async deleteUnconfirmedGrants(profileIds: number[]): Promise<void> {
      if (!profileIds.length) return;
      const confirmed = consentProfileIds.many(
        await strapi.db.query(SHARED_UID.consent).findMany({
          where: { profileId: { $in: profileIds }, action: { $ne: 'granted' } },
          select: consentProfileIds.select,
        }),
      );
      const keep = new Set(confirmed.map((row) => row.profileId));
      const ids = profileIds.filter((id) => !keep.has(id));
      if (!ids.length) return;
      const where = { profileId: { $in: ids }, action: 'granted' };
      await inScope({ action: 'beforeDeleteMany', model: SHARED_UID.consent, where }, () => strapi.db.query(SHARED_UID.consent).deleteMany({ where }));
    },

    /** Retention: audit entries older than the configured years go (the only deletion of the audit log). */
    async deleteAuditEntries(ids: number[]): Promise<void> {
      if (!ids.length) return;
      const where = { id: { $in: ids } };
      await inScope({ action: 'beforeDeleteMany', model: SHARED_UID.auditEntry, where }, () => strapi.db.query(SHARED_UID.auditEntry).deleteMany({ where }));
    },

    async ensureIndexes() {
      await ensureIndexes(strapi, INDEXES);
    },
  };
};

export default guards;
export type GuardsService = ReturnType<typeof guards>;
