import { Page, useRBAC } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';

import { PERMISSIONS } from '../permissions';
import { ALERTS_PATH, EVENTS_PATH, NEWSLETTERS_PATH, SURVEYS_PATH } from '../utils/paths';
import { AlertPage } from './AlertPage';
import { AlertsPage } from './AlertsPage';
import { AuditLogPage } from './AuditLogPage';
import { EventRegistrationsPage } from './EventRegistrationsPage';
import { EventsPage } from './EventsPage';
import { NewsletterPreviewPage } from './NewsletterPreviewPage';
import { NewsletterReportPage } from './NewsletterReportPage';
import { NewslettersPage } from './NewslettersPage';
import { ProfileDetailPage } from './ProfileDetailPage';
import { ProfilesPage } from './ProfilesPage';
import { RetentionPage } from './RetentionPage';
import { SurveyResultsPage } from './SurveyResultsPage';
import { SurveysPage } from './SurveysPage';

/**
 * The plugin's start page (its menu link): the profiles, else the first part the editor may read,
 * so an organiser with only events.read, surveys.read, newsletters.read or alerts.send does not land on a page they cannot see.
 */
function StartPage() {
  // useRBAC names each allowed action by its last part ("read"), so each area is checked on its own.
  const profiles = useRBAC(PERMISSIONS.readProfiles);
  const events = useRBAC(PERMISSIONS.readEvents);
  const surveys = useRBAC(PERMISSIONS.readSurveys);
  const newsletters = useRBAC(PERMISSIONS.readNewsletters);
  const alerts = useRBAC(PERMISSIONS.sendAlerts);
  if (profiles.isLoading || events.isLoading || surveys.isLoading || newsletters.isLoading || alerts.isLoading) return <Page.Loading />;
  if (profiles.allowedActions.canRead) return <ProfilesPage />;
  if (events.allowedActions.canRead) return <Navigate to={EVENTS_PATH} replace />;
  if (surveys.allowedActions.canRead) return <Navigate to={SURVEYS_PATH} replace />;
  if (newsletters.allowedActions.canRead) return <Navigate to={NEWSLETTERS_PATH} replace />;
  if (alerts.allowedActions.canSend) return <Navigate to={ALERTS_PATH} replace />;
  return <Page.NoPermissions />;
}

/** The plugin's pages below /plugins/civic-dialog. */
export function App() {
  // Organisers may read events without profiles and the other way round: each part guards itself.
  const events = (
    <Page.Protect permissions={PERMISSIONS.readEvents}>
      <Routes>
        <Route index element={<EventsPage />} />
        <Route path=":id" element={<EventRegistrationsPage />} />
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </Page.Protect>
  );
  const surveys = (
    <Page.Protect permissions={PERMISSIONS.readSurveys}>
      <Routes>
        <Route index element={<SurveysPage />} />
        <Route path=":id" element={<SurveyResultsPage />} />
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </Page.Protect>
  );
  const newsletters = (
    <Page.Protect permissions={PERMISSIONS.readNewsletters}>
      <Routes>
        <Route index element={<NewslettersPage />} />
        <Route path=":documentId" element={<NewsletterReportPage />} />
        <Route path=":documentId/preview" element={<NewsletterPreviewPage />} />
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </Page.Protect>
  );
  const alerts = (
    <Page.Protect permissions={PERMISSIONS.sendAlerts}>
      <Routes>
        <Route index element={<AlertsPage />} />
        <Route path=":id" element={<AlertPage />} />
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </Page.Protect>
  );
  const profiles = (
    // The menu link is hidden without the permission; this also guards typed-in URLs.
    <Page.Protect permissions={PERMISSIONS.readProfiles}>
      <Routes>
        <Route path="profiles/:id" element={<ProfileDetailPage />} />
        <Route path="audit-log" element={<AuditLogPage />} />
        <Route path="retention" element={<RetentionPage />} />
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </Page.Protect>
  );
  return (
    <Routes>
      <Route index element={<StartPage />} />
      <Route path="events/*" element={events} />
      <Route path="surveys/*" element={surveys} />
      <Route path="newsletters/*" element={newsletters} />
      <Route path="alerts/*" element={alerts} />
      <Route path="*" element={profiles} />
    </Routes>
  );
}
