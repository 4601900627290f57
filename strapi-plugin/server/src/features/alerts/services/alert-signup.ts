import type { AlertPreferences, AlertPreferencesUpdate, AlertSignupRequest, Locale } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { SHARED_UID } from '../../../shared/tables';
import { fieldError, LinkError } from '../../../kernel/http/errors';
import { getService } from '../../../kernel/services';
import { enqueueMail, kickOutbox } from '../../../shared/mail/queue';
import type { RequestMeta } from '../../../shared/consent/ledger';
import type { LegalTextRow } from '../../../shared/consent/rows';
import { profileRows } from '../../../shared/citizens/rows';
import { ALERTS_UID } from '../tables';
import { alertSubscriptionRows } from '../rows';
import { areaText, districtName, normaliseDistrict, normalisePostalCode } from '../texts';

/** The area a consent is for, as the ledger's topics: `district:<name>`, `postal:<code>`, or `town`. */
export function areaTopics(area: { district: string | null; postalCode: string | null }): string[] {
  const topics = [...(area.district ? [`district:${area.district}`] : []), ...(area.postalCode ? [`postal:${area.postalCode}`] : [])];
  return topics.length ? topics : ['town'];
}

export const areaOf = (input: { district?: string | null; postalCode?: string | null }) => ({
  district: input.district ? normaliseDistrict(input.district) : null,
  postalCode: input.postalCode ? normalisePostalCode(input.postalCode) : null,
});

export const describeArea = (locale: Locale, area: { district: string | null; postalCode: string | null }) =>
  areaText(locale, { districts: area.district ? [area.district] : [], postalCodes: area.postalCode ? [area.postalCode] : [] });

/**
 * Alert consent with double opt-in, on the subscriptions' machinery: the same 202 for every address
 * (the work runs after the answer), a ledger entry per grant and confirmation under the versioned
 * `alerts` legal text, the mailbox's budget, a single-purpose expiring confirm token.
 */
const alertSignup = ({ strapi }: { strapi: Strapi }) => {
  const ledger = () => getService(strapi, 'ledger');

  async function prepare(input: AlertSignupRequest): Promise<LegalTextRow> {
    const legalText = await getService(strapi, 'catalog').legalText('alerts', input.locale, input.legalTextVersion);
    if (!legalText) {
      throw fieldError(['legalTextVersion'], `version ${input.legalTextVersion} of the ${input.locale} alert consent text does not exist`, 'legal-text-outdated');
    }
    return legalText;
  }

  async function apply(input: AlertSignupRequest, legalText: LegalTextRow, meta: RequestMeta): Promise<void> {
    const area = areaOf(input);
    await getService(strapi, 'profileByEmail').inTransaction(input.email, { locale: input.locale }, async (profile, { onCommit }) => {
      const now = new Date();
      const subscriptions = strapi.db.query(ALERTS_UID.alertSubscription);
      const existing = alertSubscriptionRows.one(await subscriptions.findOne({ where: { profileId: profile.id } }));
      if (!existing) {
        await subscriptions.createMany({ data: [{ profileId: profile.id, ...area, status: 'pending', source: input.pageUrl, createdAt: now, updatedAt: now }] });
      } else if (existing.status !== 'active') {
        await subscriptions.updateMany({ where: { id: existing.id }, data: { ...area, status: 'pending', source: input.pageUrl, withdrawnAt: null, updatedAt: now } });
      }
      // An active subscription keeps its area until the new one is confirmed (the link carries it).
      const consent = await ledger().append(
        { profileId: profile.id, legalTextId: legalText.id, purpose: 'alerts', action: 'granted', topics: areaTopics(area), sourceUrl: input.pageUrl, widget: input.widget ?? null },
        meta,
      );
      // A cooldown of its own: a newsletter signup just before must not hold back the alert confirmation.
      if (!(await getService(strapi, 'rateLimits').allowMail(input.email, 'alert-signup'))) return;
      await enqueueMail(strapi, { profileId: profile.id, kind: 'alert-confirm', locale: input.locale, data: { consentId: consent.id, ...area }, profile });
      onCommit(() => kickOutbox(strapi));
    });
  }

  async function claimOf(raw: unknown, use: boolean) {
    const claim = use ? await getService(strapi, 'tokens').consume(raw, 'alert-confirm') : await getService(strapi, 'tokens').peek(raw, 'alert-confirm');
    const profile = profileRows.one(await strapi.db.query(SHARED_UID.profile).findOne({ where: { id: claim.profileId } }));
    if (!profile || profile.status === 'erased') throw new LinkError('invalid');
    const granted = await ledger().find(Number(claim.payload.consentId));
    if (!granted || granted.profileId !== profile.id || granted.purpose !== 'alerts' || granted.action !== 'granted') throw new LinkError('invalid');
    const area = areaOf({ district: claim.payload.district as string | null, postalCode: claim.payload.postalCode as string | null });
    return { profile, granted, area };
  }

  async function preferences(profileId: number): Promise<AlertPreferences> {
    const row = alertSubscriptionRows.one(await strapi.db.query(ALERTS_UID.alertSubscription).findOne({ where: { profileId } }));
    return { data: { status: row?.status ?? 'none', district: row?.district ? districtName(row.district) : null, postalCode: row?.postalCode ?? null } };
  }

  return {
    preferences,

    /**
     * The preference center (a session opened from a mail link: the mailbox's owner): subscribing
     * records the grant and its confirmation at once; unsubscribing withdraws (ledger entry each).
     */
    async updatePreferences(profileId: number, input: AlertPreferencesUpdate, meta: RequestMeta): Promise<AlertPreferences> {
      const legalText = input.subscribed
        ? await getService(strapi, 'catalog').legalText('alerts', input.locale, input.legalTextVersion ?? 0)
        : null;
      if (input.subscribed && !legalText) {
        throw fieldError(['legalTextVersion'], `version ${input.legalTextVersion ?? '(none)'} of the ${input.locale} alert consent text does not exist`, 'legal-text-outdated');
      }
      await strapi.db.transaction(async () => {
        const now = new Date();
        const subscriptions = strapi.db.query(ALERTS_UID.alertSubscription);
        const existing = alertSubscriptionRows.one(await subscriptions.findOne({ where: { profileId } }));
        if (!input.subscribed) {
          if (!existing || existing.status === 'withdrawn') return;
          await subscriptions.updateMany({ where: { id: existing.id }, data: { status: 'withdrawn', withdrawnAt: now, updatedAt: now } });
          await ledger().append({ profileId, legalTextId: null, purpose: 'alerts', action: 'withdrawn', topics: areaTopics(existing), widget: 'civic-preferences' }, meta);
          return;
        }
        const area = areaOf(input);
        if (existing) {
          await subscriptions.updateMany({ where: { id: existing.id }, data: { ...area, status: 'active', confirmedAt: now, withdrawnAt: null, updatedAt: now } });
        } else {
          await subscriptions.createMany({ data: [{ profileId, ...area, status: 'active', source: 'preferences', confirmedAt: now, createdAt: now, updatedAt: now }] });
        }
        for (const action of ['granted', 'confirmed'] as const) {
          await ledger().append({ profileId, legalTextId: legalText!.id, purpose: 'alerts', action, topics: areaTopics(area), widget: 'civic-preferences' }, meta);
        }
      });
      return preferences(profileId);
    },

    async accept(input: AlertSignupRequest, meta: RequestMeta): Promise<void> {
      if (input.website) return;
      const legalText = await prepare(input);
      getService(strapi, 'intake').afterAnswer('alert-signup', () => apply(input, legalText, meta));
    },

    async previewConfirm(raw: unknown): Promise<{ locale: Locale; area: string }> {
      const { profile, area } = await claimOf(raw, false);
      return { locale: profile.locale, area: describeArea(profile.locale, area) };
    },

    /** The confirm link: the subscription active for the area of the signup, a `confirmed` ledger entry. */
    async confirm(raw: unknown, meta: RequestMeta): Promise<{ locale: Locale; area: string }> {
      return strapi.db.transaction(async () => {
        const { profile, granted, area } = await claimOf(raw, true);
        const now = new Date();
        await strapi.db.query(ALERTS_UID.alertSubscription).updateMany({
          where: { profileId: profile.id },
          data: { ...area, status: 'active', confirmedAt: now, withdrawnAt: null, updatedAt: now },
        });
        await ledger().append(
          { profileId: profile.id, legalTextId: granted.legalTextId, purpose: 'alerts', action: 'confirmed', topics: areaTopics(area), sourceUrl: granted.sourceUrl, widget: granted.widget },
          meta,
        );
        return { locale: profile.locale, area: describeArea(profile.locale, area) };
      });
    },
  };
};

export default alertSignup;
export type AlertSignupService = ReturnType<typeof alertSignup>;
