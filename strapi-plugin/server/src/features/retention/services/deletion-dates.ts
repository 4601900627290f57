import type { Knex } from 'knex';
import type { Strapi } from '../../../kernel/types';
import { EVENTS_TABLE } from '../../events';
import { SHARED_TABLE, SHARED_UID } from '../../../shared/tables';
import { SURVEYS_TABLE } from '../../surveys';
import { getConfig } from '../../../kernel/get-config';
import { getService } from '../../../kernel/services';
import { profileRows } from '../../../shared/citizens/rows';
import { deletionDates as datesFor, dueDay } from '../dates';
import { dueRegistrations, dueSurveyResponses, latestTimes } from '../rows';

const profileStatus = profileRows.pick('status', 'createdAt');

/** One line of the export's "deletion dates": what goes on which day (YYYY-MM-DD, UTC). */
export interface DeletionDate {
  data: 'profile' | 'registration' | 'surveyAnswers' | 'consentIpHashAndBrowser' | 'mailAddresses';
  /** The event or survey it belongs to. */
  of?: string | null;
  deletedOn: string;
}

/**
 * The citizen's export says when the retention job deletes their data (INV-SELF-SERVICE): a section
 * of the personal-data registry with nothing to erase of its own. Reads in the export's transaction.
 */
const deletionDates = ({ strapi }: { strapi: Strapi }) => {
  async function forProfile(profileId: number) {
    const { retention, tokens } = getConfig(strapi);
    const dates = datesFor(retention, tokens.doiTtlSeconds);
    const items: DeletionDate[] = [];
    const profile = profileStatus.one(await strapi.db.query(SHARED_UID.profile).findOne({ where: { id: profileId }, select: profileStatus.select }));
    if (!profile) return null;
    await strapi.db.transaction(async ({ trx }) => {
      const latest = async (table: string, where: (qb: Knex.QueryBuilder) => unknown) => {
        const qb = trx(table).max({ latest: 'created_at' }).where('profile_id', profileId);
        where(qb);
        return latestTimes.one(await qb.first())?.latest ?? null;
      };
      const confirmed = await latest(SHARED_TABLE.consent, (qb) => qb.whereNot('action', 'granted'));
      if (profile.status === 'pending' && !confirmed) {
        const lastGrant = (await latest(SHARED_TABLE.consent, () => undefined)) ?? profile.createdAt;
        items.push({ data: 'profile', deletedOn: dueDay(dates.pending(new Date(lastGrant))) });
      }
      const registrations = dueRegistrations.many(
        await trx(`${EVENTS_TABLE.registration} as r`)
          .leftJoin(`${EVENTS_TABLE.event} as e`, 'e.id', 'r.event_id')
          .where('r.profile_id', profileId)
          .orderBy('r.id')
          .select('r.status as status', 'r.created_at as createdAt', 'e.title as eventTitle', 'e.ends_at as eventEndsAt', 'e.starts_at as eventStartsAt'),
      );
      for (const row of registrations) {
        const end = row.eventEndsAt ?? row.eventStartsAt;
        const day = row.status === 'pending' ? dates.pending(new Date(row.createdAt)) : end ? dates.registration(new Date(end)) : null;
        if (day) items.push({ data: 'registration', of: row.eventTitle, deletedOn: dueDay(day) });
      }
      const responses = dueSurveyResponses.many(
        await trx(`${SURVEYS_TABLE.surveyResponse} as s`)
          .leftJoin(`${SURVEYS_TABLE.survey} as v`, 'v.id', 's.survey_id')
          .where({ 's.profile_id': profileId, 's.status': 'pending' })
          .orderBy('s.id')
          .select('s.created_at as createdAt', 'v.title as surveyTitle'),
      );
      for (const row of responses) items.push({ data: 'surveyAnswers', of: row.surveyTitle, deletedOn: dueDay(dates.pending(new Date(row.createdAt))) });
      const network = await latest(SHARED_TABLE.consent, (qb) => qb.where((w) => w.whereNotNull('ip_hash').orWhereNotNull('user_agent')));
      if (network) items.push({ data: 'consentIpHashAndBrowser', deletedOn: dueDay(dates.consentNetworkData(new Date(network))) });
      const mails = await latest(SHARED_TABLE.message, (qb) => qb.whereNot('to_address', ''));
      if (mails) items.push({ data: 'mailAddresses', deletedOn: dueDay(dates.mail(new Date(mails))) });
    });
    return {
      items,
      rules: {
        consentProof: 'kept while the consent is in use and three years after it ended (limitation period, § 195 BGB)',
        auditLog: `${retention.auditYears} years`,
      },
    };
  }

  return {
    registerPersonalData() {
      getService(strapi, 'personalData').register({
        key: 'deletionDates',
        export: forProfile,
        // Nothing stored of its own: the other sections erase the data these dates are about.
        async eraseMany() {},
      });
    },
  };
};

export default deletionDates;
export type DeletionDatesService = ReturnType<typeof deletionDates>;
