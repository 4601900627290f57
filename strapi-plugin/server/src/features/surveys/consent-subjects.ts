import type { Strapi } from '../../kernel/types';
import { SURVEYS_UID } from './tables';
import { getService } from '../../kernel/services';
import { surveyRows } from './rows';
import { pick } from './services/surveys';

const surveyTitles = surveyRows.pick('id', 'title', 'titleEn');

/** An identified answer's consents are for its survey (`survey:<id>`): the citizen's history names it by its title. */
export function registerSurveyConsentSubjects(strapi: Strapi): void {
  getService(strapi, 'ledger').registerSubjects('survey', async (ids, locale) => {
    const surveys = surveyTitles.many(await strapi.db.query(SURVEYS_UID.survey).findMany({ where: { id: { $in: ids } }, select: surveyTitles.select }));
    return new Map(surveys.map((survey) => [survey.id, pick(survey.title, survey.titleEn, locale) ?? survey.title]));
  });
}
