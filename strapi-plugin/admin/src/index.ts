import { BulletList, Clock, Lightning, Mail } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';

import { AutomationSidePanel } from './components/AutomationSidePanel';
import { NewsletterSidePanel } from './components/NewsletterSidePanel';
import { PERMISSIONS } from './permissions';
import strapiGapsDe from './translations/strapi-gaps.de.json';
import { PLUGIN_ID } from './pluginId';
import { contentManagerMessages, localiseEditView, localiseListFilters, type EditorLanguage } from './utils/contentManagerTexts';
import { getTranslation } from './utils/getTranslation';
import { NEWSLETTERS_PATH, PROFILES_PATH } from './utils/paths';

type MenuLink = Parameters<StrapiApp['addMenuLink']>[0];

/** The content manager's plugin API (its types are not exported to plugins). */
interface ContentManagerApis {
  addEditViewSidePanel: (reducer: (panels: unknown[]) => unknown[]) => void;
}

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: PROFILES_PATH.slice(1),
      icon: Mail,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Civic Dialog' },
      // The menu only compares action and subject; the full Permission type describes stored rows.
      // Shown to editors who may read profiles, events, surveys or newsletters, or send alerts (the menu needs any one of them).
      permissions: [
        ...PERMISSIONS.readProfiles,
        ...PERMISSIONS.readEvents,
        ...PERMISSIONS.readSurveys,
        ...PERMISSIONS.readNewsletters,
        ...PERMISSIONS.sendAlerts,
      ] as MenuLink['permissions'],
      Component: () => import('./pages/App').then((module) => ({ default: module.App })),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Civic Dialog' });
    // The questions of surveys and events, an event's reminders and an automation's trigger and steps: forms instead of Strapi's JSON editor (the value stays JSON;
    // the server registers the same names and checks the JSON on save).
    app.customFields.register([
      {
        name: 'survey-questions',
        pluginId: PLUGIN_ID,
        type: 'json',
        intlLabel: { id: getTranslation('customField.surveyQuestions.label'), defaultMessage: 'Survey questions' },
        intlDescription: { id: getTranslation('customField.surveyQuestions.description'), defaultMessage: 'Questions built with a form' },
        icon: BulletList,
        components: { Input: () => import('./components/QuestionBuilder').then((module) => ({ default: module.SurveyQuestionsInput })) },
      },
      {
        name: 'event-questions',
        pluginId: PLUGIN_ID,
        type: 'json',
        intlLabel: { id: getTranslation('customField.eventQuestions.label'), defaultMessage: 'Event registration questions' },
        intlDescription: { id: getTranslation('customField.eventQuestions.description'), defaultMessage: 'Questions built with a form' },
        icon: BulletList,
        components: { Input: () => import('./components/QuestionBuilder').then((module) => ({ default: module.EventQuestionsInput })) },
      },
      {
        name: 'reminder-offsets',
        pluginId: PLUGIN_ID,
        type: 'json',
        intlLabel: { id: getTranslation('customField.reminderOffsets.label'), defaultMessage: 'Event reminders' },
        intlDescription: { id: getTranslation('customField.reminderOffsets.description'), defaultMessage: 'Reminders before the start' },
        icon: Clock,
        components: { Input: () => import('./components/ReminderBuilder').then((module) => ({ default: module.ReminderOffsetsInput })) },
      },
      {
        name: 'automation-trigger',
        pluginId: PLUGIN_ID,
        type: 'json',
        intlLabel: { id: getTranslation('customField.automationTrigger.label'), defaultMessage: 'Automation trigger' },
        intlDescription: { id: getTranslation('customField.automationTrigger.description'), defaultMessage: 'What starts the automation' },
        icon: Lightning,
        components: { Input: () => import('./components/AutomationTriggerInput').then((module) => ({ default: module.AutomationTriggerInput })) },
      },
      {
        name: 'automation-steps',
        pluginId: PLUGIN_ID,
        type: 'json',
        intlLabel: { id: getTranslation('customField.automationSteps.label'), defaultMessage: 'Automation steps' },
        intlDescription: { id: getTranslation('customField.automationSteps.description'), defaultMessage: 'Steps built with a form' },
        icon: BulletList,
        components: { Input: () => import('./components/AutomationStepsBuilder').then((module) => ({ default: module.AutomationStepsInput })) },
      },
    ] as Parameters<StrapiApp['customFields']['register']>[0]);
    // The admin home page: the last newsletters' figures and subscribers per topic.
    app.widgets.register({
      id: 'newsletters',
      pluginId: PLUGIN_ID,
      icon: Mail,
      title: { id: getTranslation('widget.title'), defaultMessage: 'Newsletters' },
      link: { label: { id: getTranslation('widget.link'), defaultMessage: 'All newsletters' }, href: NEWSLETTERS_PATH },
      component: () => import('./components/NewslettersWidget').then((module) => module.NewslettersWidget),
      permissions: PERMISSIONS.readNewsletters.map(({ action }) => ({ action })),
    });
  },

  bootstrap(app: Pick<StrapiApp, 'getPlugin' | 'registerHook'>) {
    // Recipients, test send, sending and progress beside the newsletter in the content manager.
    const contentManager = app.getPlugin('content-manager').apis as unknown as ContentManagerApis;
    contentManager.addEditViewSidePanel((panels) => [...panels, NewsletterSidePanel]);
    // People per step, sent and exited beside an automation.
    contentManager.addEditViewSidePanel((panels) => [...panels, AutomationSidePanel]);
    // Help texts, placeholders and filter names of the plugin's types in the editor's language.
    app.registerHook('Admin/CM/pages/EditView/mutate-edit-view-layout', localiseEditView);
    app.registerHook('Admin/CM/pages/ListView/inject-in-filters', localiseListFilters);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: messages } = (await import(`./translations/${locale}.json`)) as {
            default: Record<string, string>;
          };
          // The content manager's names and labels of the plugin's types use Strapi's own ids.
          const contentManager = locale === 'de' || locale === 'en' ? contentManagerMessages(locale as EditorLanguage) : {};
          // Texts Strapi 5.54 shows on the plugin's pages and forms but has no German for.
          const gaps = locale === 'de' ? strapiGapsDe : {};
          return { locale, data: { ...gaps, ...contentManager, ...prefixKeys(messages) } };
        } catch {
          // No file for this admin language: Strapi falls back to the defaultMessage texts.
          return { locale, data: {} };
        }
      }),
    );
  },
};

function prefixKeys(messages: Record<string, string>) {
  return Object.fromEntries(Object.entries(messages).map(([id, text]) => [getTranslation(id), text]));
}
