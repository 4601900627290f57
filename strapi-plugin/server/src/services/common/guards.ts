import { AsyncLocalStorage } from 'node:async_hooks';
import { errors } from '@strapi/utils';
import { LOCALES } from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { TABLE, UID } from '../../constants';

interface LifecycleEvent {
  action: string;
  model: { uid: string };
  params: { where?: Record<string, unknown>; data?: Record<string, unknown> };
}

/**
 * Indexes the plugin's set-based SQL relies on. Created with IF NOT EXISTS (SQLite and PostgreSQL);
 * Strapi's schema sync leaves indexes it never created alone.
 */
const INDEXES: Array<{ name: string; table: string; columns: string[]; unique?: boolean }> = [
  { name: 'civic_dialog_profiles_email_uq', table: TABLE.profile, columns: ['email'], unique: true },
  { name: 'civic_dialog_profiles_status_ix', table: TABLE.profile, columns: ['status'] },
  { name: 'civic_dialog_subscriptions_profile_topic_uq', table: TABLE.subscription, columns: ['profile_id', 'topic_id'], unique: true },
  { name: 'civic_dialog_subscriptions_topic_status_ix', table: TABLE.subscription, columns: ['topic_id', 'status'] },
  { name: 'civic_dialog_consents_profile_created_ix', table: TABLE.consent, columns: ['profile_id', 'created_at'] },
  { name: 'civic_dialog_consents_legal_text_ix', table: TABLE.consent, columns: ['legal_text_id'] },
  { name: 'civic_dialog_tokens_hash_uq', table: TABLE.token, columns: ['token_hash'], unique: true },
  { name: 'civic_dialog_tokens_expires_ix', table: TABLE.token, columns: ['expires_at'] },
  { name: 'civic_dialog_topics_slug_uq', table: TABLE.topic, columns: ['slug'], unique: true },
  { name: 'civic_dialog_subscriptions_topic_status_profile_ix', table: TABLE.subscription, columns: ['topic_id', 'status', 'profile_id'] },
  { name: 'civic_dialog_tokens_profile_ix', table: TABLE.token, columns: ['profile_id'] },
  { name: 'civic_dialog_audit_entries_profile_ix', table: TABLE.auditEntry, columns: ['profile_id', 'id'] },
  { name: 'civic_dialog_erasures_email_hash_ix', table: TABLE.erasure, columns: ['email_hash'] },
  { name: 'civic_dialog_legal_texts_version_uq', table: TABLE.legalText, columns: ['purpose', 'locale', 'version'], unique: true },
  { name: 'civic_dialog_registrations_event_status_ix', table: TABLE.registration, columns: ['event_id', 'status', 'created_at'] },
  { name: 'civic_dialog_registrations_profile_event_ix', table: TABLE.registration, columns: ['profile_id', 'event_id'] },
  { name: 'civic_dialog_events_status_start_ix', table: TABLE.event, columns: ['status', 'starts_at'] },
  { name: 'civic_dialog_events_slug_uq', table: TABLE.event, columns: ['slug'], unique: true },
];

const APPEND_ONLY = 'The consent ledger is append-only: a consent cannot be changed or deleted.';
const AUDIT_APPEND_ONLY = 'The audit log is append-only: an entry cannot be changed or deleted.';

/** The consent fields erasure removes (Art. 17); everything else stays as proof. */
const REDACTED_CONSENT_FIELDS = ['sourceUrl', 'ipHash', 'userAgent'] as const;

/** Set only while `redactConsents` runs: the one way past the ledger's append-only guard. */
const consentRedaction = new AsyncLocalStorage<{ profileId: number }>();

/** True for exactly the update `redactConsents` makes: its profile's rows, personal fields nulled. */
function isConsentRedaction(event: LifecycleEvent): boolean {
  const scope = consentRedaction.getStore();
  if (!scope || event.action !== 'beforeUpdateMany') return false;
  const where = event.params.where ?? {};
  const data = event.params.data ?? {};
  const whereKeys = Object.keys(where);
  return (
    whereKeys.length === 1 &&
    Number(where.profileId) === scope.profileId &&
    Object.entries(data).every(
      ([key, value]) => key === 'updatedAt' || ((REDACTED_CONSENT_FIELDS as readonly string[]).includes(key) && value === null),
    )
  );
}

/**
 * Server-side rules the database must keep whoever writes (content manager, Document Service,
 * Query Engine): the consent ledger is append-only; a legal text a consent references is frozen;
 * legal text versions count up per purpose and locale.
 */
const guards = ({ strapi }: { strapi: Strapi }) => {
  async function referencedLegalTextIds(where: Record<string, unknown> | undefined): Promise<number[]> {
    const texts = (await strapi.db.query(UID.legalText).findMany({ where: where ?? {}, select: ['id'] })) as Array<{ id: number }>;
    if (!texts.length) return [];
    const referenced: number[] = [];
    for (const { id } of texts) {
      // One indexed count per text: editors change a handful of texts, consents can be millions.
      if ((await strapi.db.query(UID.consent).count({ where: { legalTextId: id } })) > 0) referenced.push(id);
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
    const latest = (await strapi.db.query(UID.legalText).findOne({
      where: { purpose, locale: data.locale, version: { $notNull: true } },
      orderBy: { version: 'desc' },
      select: ['version'],
    })) as { version: number } | null;
    data.version = (latest?.version ?? 0) + 1;
  }

  return {
    subscribeLifecycles() {
      strapi.db.lifecycles.subscribe({
        models: [UID.consent],
        beforeUpdate: () => Promise.reject(new errors.ValidationError(APPEND_ONLY)),
        beforeUpdateMany: (event: LifecycleEvent) =>
          isConsentRedaction(event) ? Promise.resolve() : Promise.reject(new errors.ValidationError(APPEND_ONLY)),
        beforeDelete: () => Promise.reject(new errors.ValidationError(APPEND_ONLY)),
        beforeDeleteMany: () => Promise.reject(new errors.ValidationError(APPEND_ONLY)),
      });

      strapi.db.lifecycles.subscribe({
        models: [UID.auditEntry],
        beforeUpdate: () => Promise.reject(new errors.ValidationError(AUDIT_APPEND_ONLY)),
        beforeUpdateMany: () => Promise.reject(new errors.ValidationError(AUDIT_APPEND_ONLY)),
        beforeDelete: () => Promise.reject(new errors.ValidationError(AUDIT_APPEND_ONLY)),
        beforeDeleteMany: () => Promise.reject(new errors.ValidationError(AUDIT_APPEND_ONLY)),
      });

      strapi.db.lifecycles.subscribe({
        models: [UID.legalText],
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
     * Erasure (Art. 17) reduces a profile's consents to proof: action, purpose, legal text, topics
     * and timestamps stay; where from (page, IP hash, browser) goes. Only this method may update
     * the ledger, and only in this way.
     */
    async redactConsents(profileId: number): Promise<void> {
      const data = Object.fromEntries(REDACTED_CONSENT_FIELDS.map((field) => [field, null]));
      await consentRedaction.run({ profileId }, () =>
        strapi.db.query(UID.consent).updateMany({ where: { profileId }, data }),
      );
    },

    async ensureIndexes() {
      const knex = strapi.db.connection;
      for (const index of INDEXES) {
        const columns = index.columns.map((column) => `"${column}"`).join(', ');
        await knex.raw(
          `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${index.name}" ON "${index.table}" (${columns})`,
        );
      }
    },
  };
};

export default guards;
export type GuardsService = ReturnType<typeof guards>;
