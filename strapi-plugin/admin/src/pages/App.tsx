import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';

import { PERMISSIONS } from '../permissions';
import { AuditLogPage } from './AuditLogPage';
import { EventRegistrationsPage } from './EventRegistrationsPage';
import { EventsPage } from './EventsPage';
import { ProfileDetailPage } from './ProfileDetailPage';
import { ProfilesPage } from './ProfilesPage';
import { SurveyResultsPage } from './SurveyResultsPage';
import { SurveysPage } from './SurveysPage';

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
  const profiles = (
    // The menu link is hidden without the permission; this also guards typed-in URLs.
    <Page.Protect permissions={PERMISSIONS.readProfiles}>
      <Routes>
        <Route index element={<ProfilesPage />} />
        <Route path="profiles/:id" element={<ProfileDetailPage />} />
        <Route path="audit-log" element={<AuditLogPage />} />
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </Page.Protect>
  );
  return (
    <Routes>
      <Route path="events/*" element={events} />
      <Route path="surveys/*" element={surveys} />
      <Route path="*" element={profiles} />
    </Routes>
  );
}
