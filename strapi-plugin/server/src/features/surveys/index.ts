import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import { getService } from '../../kernel/services';
import { registerAdminActions } from '../../kernel/http/routes';
import { PLUGIN_ID } from '../../kernel/constants';
import { registerSurveyConsentSubjects } from './consent-subjects';
import survey from './content-types/survey';
import surveyResponse from './content-types/survey-response';
import surveyAnswer from './content-types/survey-answer';
import surveys from './services/surveys';
import surveyRules from './services/survey-rules';
import surveyResults from './services/survey-results';
import surveysController from './controllers/surveys';
import surveysAdminController from './controllers/surveys-admin';
import surveyRateLimit from './survey-rate-limit';
import { registerSurveyMails, surveyMailExtension } from './mails/extension';
import { admin, contentApi } from './routes';

// The retention feature reads these tables.
export { SURVEYS_TABLE, SURVEYS_UID } from './tables';

const services = { surveys, surveyRules, surveyResults };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/** Town surveys: anonymous or identified participation, confirmation mail, results. */
export const surveysFeature: Feature = {
  contentTypes: { survey, 'survey-response': surveyResponse, 'survey-answer': surveyAnswer },
  services,
  controllers: { surveys: surveysController, surveysAdmin: surveysAdminController },
  middlewares: { 'survey-rate-limit': surveyRateLimit },
  routes: { 'content-api': contentApi, admin },
  async register({ strapi }) {
    registerSurveyMails();
    // The admin's question builder (admin/src/components/QuestionBuilder.tsx) edits `questions`; stored as JSON.
    strapi.customFields.register({ name: 'survey-questions', plugin: PLUGIN_ID, type: 'json' });
  },
  async bootstrap({ strapi }) {
    // Questions checked on save, indexes, RBAC, identified responses in the GDPR export/erasure.
    const rules = getService(strapi, 'surveyRules');
    rules.subscribeLifecycles();
    await rules.ensureIndexes();
    await registerAdminActions(strapi, [{ displayName: 'Read survey results', uid: 'surveys.read' }]);
    getService(strapi, 'personalData').register(getService(strapi, 'surveyResults').personalDataSection());
    getService(strapi, 'outbox').extend(['survey-confirm'], surveyMailExtension(strapi));
    registerSurveyConsentSubjects(strapi);
  },
};
