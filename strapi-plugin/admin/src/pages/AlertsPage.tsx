import { Box, Flex } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { AdminAlert } from '@civic-dialog/contracts';
import { useNavigate } from 'react-router-dom';

import { AlertForm } from '../components/AlertForm';
import { AlertsTable } from '../components/AlertsTable';
import { DetailSection } from '../components/DetailSection';
import { ProfilesLink } from '../components/EventsLink';
import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { alertPath } from '../utils/paths';

/** What the alert's page is told when it opens right after saving (it confirms and takes the focus). */
export interface AlertLinkState {
  saved?: boolean;
}

/** Urgent alerts (alerts.send): a form for a new one, and every alert with its state and recipients. */
export function AlertsPage() {
  const t = useTranslate();
  const navigate = useNavigate();
  const list = useAdminGet<{ data: AdminAlert[] }>(`/${PLUGIN_ID}/alerts`);
  // Saved as a draft: on to its page, where it is checked and sent.
  const saved = (alert: AdminAlert) => navigate(alertPath(alert.id), { state: { saved: true } satisfies AlertLinkState });
  return (
    <Page.Main>
      <Page.Title>{`${t('alerts.title')} | ${t('plugin.name')}`}</Page.Title>
      <Layouts.Header
        title={t('alerts.title')}
        subtitle={t('alerts.subtitle')}
        primaryAction={
          <Flex tag="nav" gap={2} aria-label={t('editorLinks.label')}>
            <ProfilesLink />
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={8}>
          <DetailSection id="alert-new" title={t('alerts.new.title')} description={t('alerts.new.description')}>
            <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
              <AlertForm onSaved={saved} />
            </Box>
          </DetailSection>
          <DetailSection id="alert-list" title={t('alerts.list.title')}>
            <AlertsTable state={list} sectionId="alert-list" />
          </DetailSection>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
