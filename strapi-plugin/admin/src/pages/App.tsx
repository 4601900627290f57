import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';

import { PERMISSIONS } from '../permissions';
import { AuditLogPage } from './AuditLogPage';
import { ProfileDetailPage } from './ProfileDetailPage';
import { ProfilesPage } from './ProfilesPage';

/** The plugin's pages below /plugins/civic-dialog. */
export function App() {
  return (
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
}
