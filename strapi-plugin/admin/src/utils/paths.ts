import { PLUGIN_ID } from '../pluginId';

/** Absolute admin paths (react-router adds the admin's basename). */
export const PROFILES_PATH = `/plugins/${PLUGIN_ID}`;
export const profilePath = (id: number | string) => `${PROFILES_PATH}/profiles/${id}`;

/** Editors manage topics and legal texts with Strapi's content manager. */
export const TOPICS_PATH = `/content-manager/collection-types/plugin::${PLUGIN_ID}.topic`;
export const LEGAL_TEXTS_PATH = `/content-manager/collection-types/plugin::${PLUGIN_ID}.legal-text`;

/** Who viewed, exported, erased or resent which profile; optionally for one profile. */
export const AUDIT_LOG_PATH = `${PROFILES_PATH}/audit-log`;
export const auditLogPath = (profileId?: number | string) =>
  profileId === undefined ? AUDIT_LOG_PATH : `${AUDIT_LOG_PATH}?profileId=${encodeURIComponent(String(profileId))}`;

/** What the daily retention job deletes (read-only). */
export const RETENTION_PATH = `${PROFILES_PATH}/retention`;

/** The organiser's pages: events with their counts, and one event's registrations. */
export const EVENTS_PATH = `${PROFILES_PATH}/events`;
export const eventRegistrationsPath = (eventId: number | string) => `${EVENTS_PATH}/${eventId}`;
/** Events themselves are edited in the content manager. */
export const EVENTS_CONTENT_PATH = `/content-manager/collection-types/plugin::${PLUGIN_ID}.event`;

/** Survey results: the list of surveys, and one survey's charts, free texts and CSV. */
export const SURVEYS_PATH = `${PROFILES_PATH}/surveys`;
export const surveyResultsPath = (surveyId: number | string) => `${SURVEYS_PATH}/${surveyId}`;
/** Surveys themselves (questions, dates, mode) are edited in the content manager. */
export const SURVEYS_CONTENT_PATH = `/content-manager/collection-types/plugin::${PLUGIN_ID}.survey`;

/** Newsletters: the list with figures, one newsletter's report, and its mail preview. */
export const NEWSLETTERS_PATH = `${PROFILES_PATH}/newsletters`;
export const newsletterReportPath = (documentId: string) => `${NEWSLETTERS_PATH}/${encodeURIComponent(documentId)}`;
/** Shown in the content manager's preview iframe (demo-site/config/admin.ts returns it as the preview URL). */
export const newsletterPreviewPath = (documentId: string) => `${newsletterReportPath(documentId)}/preview`;
/** Newsletters are written in the content manager. */
export const NEWSLETTER_UID = `plugin::${PLUGIN_ID}.newsletter`;
export const AUTOMATION_UID = `plugin::${PLUGIN_ID}.automation`;
export const NEWSLETTERS_CONTENT_PATH = `/content-manager/collection-types/${NEWSLETTER_UID}`;
export const newsletterContentPath = (documentId: string) => `${NEWSLETTERS_CONTENT_PATH}/${encodeURIComponent(documentId)}`;

/** Urgent alerts: the list with the form for a new one, and one alert (send, live figures). */
export const ALERTS_PATH = `${PROFILES_PATH}/alerts`;
export const alertPath = (id: number | string) => `${ALERTS_PATH}/${id}`;
