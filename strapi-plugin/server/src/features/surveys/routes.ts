import type { Route } from '../../kernel/feature';
import { PUBLIC_ERRORS, can, guard, botCheck } from '../../kernel/http/routes';

const SURVEY_RATE_LIMIT = 'plugin::civic-dialog.survey-rate-limit';

/** The citizen's view, anonymous participation tokens, responses, the mail link of identified surveys. */
export const contentApi: Route[] = [
  { method: 'GET', path: '/surveys/:slug', handler: 'surveys.findOne', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  { method: 'GET', path: '/surveys/:slug/results', handler: 'surveys.results', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  {
    method: 'POST',
    path: '/surveys/:slug/participations',
    handler: 'surveys.participate',
    config: { auth: false, middlewares: [PUBLIC_ERRORS, guard({ checkOrigin: true }), SURVEY_RATE_LIMIT, botCheck('survey-participation')] },
  },
  {
    method: 'POST',
    path: '/surveys/:slug/responses',
    handler: 'surveys.respond',
    config: { auth: false, middlewares: [PUBLIC_ERRORS, guard({ json: true, checkOrigin: true }), SURVEY_RATE_LIMIT, botCheck('survey-response')] },
  },
  { method: 'GET', path: '/survey-confirm', handler: 'surveys.confirmPage', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  {
    method: 'POST',
    path: '/survey-confirm',
    handler: 'surveys.confirm',
    config: { auth: false, middlewares: [PUBLIC_ERRORS, guard({})] },
  },
];

const canReadSurveys = can('surveys.read');

/** Admin panel: results, CSV and free-text answers, for editors with `surveys.read`. */
export const admin: Route[] = [
  { method: 'GET', path: '/surveys-admin', handler: 'surveysAdmin.find', config: { policies: canReadSurveys } },
  { method: 'GET', path: '/surveys-admin/:id/results', handler: 'surveysAdmin.results', config: { policies: canReadSurveys } },
  { method: 'GET', path: '/surveys-admin/:id/responses.csv', handler: 'surveysAdmin.csv', config: { policies: canReadSurveys } },
  { method: 'GET', path: '/surveys-admin/:id/free-text/:questionId', handler: 'surveysAdmin.freeText', config: { policies: canReadSurveys } },
];
