import * as React from 'react';
import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { AdminAlert } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';
import { NavLink, useLocation, useParams } from 'react-router-dom';

import { ActionMessage } from '../components/ActionMessage';
import { AlertDeliveries } from '../components/AlertDeliveries';
import { AlertSendButton } from '../components/AlertSendButton';
import { useAreaText } from '../components/AlertsTable';
import { DateTime } from '../components/DateTime';
import { DetailSection } from '../components/DetailSection';
import { LoadError } from '../components/LoadError';
import { ValueBadge } from '../components/ValueBadge';
import { useAdminAction, type AdminActionOutcome } from '../hooks/useAdminAction';
import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { ALERTS_PATH } from '../utils/paths';
import type { AlertLinkState } from './AlertsPage';

type AlertAction = 'saved' | 'send';

/** One alert: its texts and area, "Warnung senden" while it is a draft, the live figures once sent. */
export function AlertPage() {
  const t = useTranslate();
  const { id = '' } = useParams<{ id: string }>();
  const location = useLocation();
  const { data, error, reload } = useAdminGet<{ data: AdminAlert }>(`/${PLUGIN_ID}/alerts/${encodeURIComponent(id)}`);
  const actions = useAdminAction<AlertAction>();
  const { setOutcome } = actions;
  const alert = data && String(data.data.id) === id ? data.data : undefined;

  // Just saved (the form sent the editor here): say so, and the message takes the focus.
  React.useEffect(() => {
    if ((location.state as AlertLinkState | null)?.saved) setOutcome({ action: 'saved', ok: true });
  }, [location.state, setOutcome]);

  const send = async () => {
    const result = await actions.run('send', 'POST', `/${PLUGIN_ID}/alerts/${encodeURIComponent(id)}/send`);
    if (!result.ok) {
      const expired = result.failure?.status === 409 && /no longer valid/i.test(result.message ?? '');
      setOutcome({ ...result, message: expired ? t('alerts.send.expired') : t('alerts.send.failed', { detail: result.message ?? '' }) });
    }
    // Sent, or refused because it was sent meanwhile or has expired: show the alert as it is now.
    reload();
    return result;
  };

  const backLink = (
    <Link tag={NavLink} to={ALERTS_PATH} startIcon={<ArrowLeft />}>
      {t('alerts.detail.back')}
    </Link>
  );

  if (error) {
    return (
      <Page.Main>
        <Page.Title>{`${t('alerts.title')} | ${t('plugin.name')}`}</Page.Title>
        <Layouts.Header navigationAction={backLink} title={t('alerts.title')} />
        <Layouts.Content>
          {error.status === 404 || error.status === 400 ? <LoadError message={t('alerts.detail.notFound')} /> : <LoadError message={error.message} onRetry={reload} />}
        </Layouts.Content>
      </Page.Main>
    );
  }
  if (!alert) return <Page.Loading>{t('alerts.detail.loading')}</Page.Loading>;

  return (
    <Page.Main>
      <Page.Title>{`${alert.shortText.de} | ${t('alerts.title')}`}</Page.Title>
      <Layouts.Header
        navigationAction={backLink}
        title={alert.shortText.de}
        subtitle={
          <Flex gap={2} paddingTop={1}>
            <ValueBadge group="alertStatus" value={alert.status} />
            <ValueBadge group="alertSeverity" value={alert.severity} />
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={8}>
          <ActionMessage outcome={actions.outcome} actions={['saved', 'send']} success={(outcome) => successText(t, outcome)} />
          {alert.status === 'draft' ? (
            <DetailSection id="alert-send" title={t('alerts.send.title')} description={t('alerts.send.description')}>
              <Flex>
                <AlertSendButton alertId={alert.id} sending={actions.running === 'send'} onSend={send} />
              </Flex>
            </DetailSection>
          ) : (
            <DetailSection id="alert-deliveries" title={t('alerts.deliveries.title')} description={t('alerts.deliveries.description')}>
              <AlertDeliveries alertId={alert.id} sectionId="alert-deliveries" />
            </DetailSection>
          )}
          <DetailSection id="alert-content" title={t('alerts.detail.content')}>
            <AlertFacts alert={alert} />
          </DetailSection>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}

function successText(t: ReturnType<typeof useTranslate>, outcome: AdminActionOutcome<AlertAction>) {
  if (outcome.action === 'saved') return t('alerts.saved');
  const sent = outcome.data as { recipients: number; sms: number } | undefined;
  return t('alerts.send.done', { mail: sent?.recipients ?? 0, sms: sent?.sms ?? 0 });
}

/** The alert's texts (with their SMS length), area and times, as a description list. */
function AlertFacts({ alert }: { alert: AdminAlert }) {
  const t = useTranslate();
  const { formatDate } = useIntl();
  const areaText = useAreaText();
  const segments = (count: number | null) => (count ? ` (${t('alerts.detail.segments', { segments: count })})` : '');
  const facts: Array<[string, React.ReactNode]> = [
    [t('alerts.field.shortTextDe'), `${alert.shortText.de}${segments(alert.segments.de)}`],
    [t('alerts.field.shortTextEn'), alert.shortText.en ? `${alert.shortText.en}${segments(alert.segments.en)}` : t('alerts.detail.none')],
    [t('alerts.field.mailTextDe'), alert.mailText.de ?? t('alerts.detail.none')],
    [t('alerts.field.mailTextEn'), alert.mailText.en ?? t('alerts.detail.none')],
    [t('alerts.field.severity'), t(`alerts.severity.${alert.severity}`)],
    [t('alerts.field.area'), areaText(alert)],
    [t('alerts.field.validUntil'), formatDate(alert.validUntil, { dateStyle: 'medium', timeStyle: 'short' })],
    [t('alerts.column.sentAt'), <DateTime key="sent" value={alert.sentAt} />],
  ];
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex tag="dl" direction="column" alignItems="stretch" gap={3}>
        {facts.map(([label, value]) => (
          <Flex key={label} direction="column" alignItems="flex-start" gap={1}>
            <Typography tag="dt" variant="sigma" textColor="neutral600">
              {label}
            </Typography>
            <Typography tag="dd" textColor="neutral800" style={{ whiteSpace: 'pre-wrap' }}>
              {value}
            </Typography>
          </Flex>
        ))}
      </Flex>
    </Box>
  );
}
