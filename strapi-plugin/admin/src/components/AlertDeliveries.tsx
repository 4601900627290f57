import * as React from 'react';
import { Button, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import type { AlertChannelFigures, AlertDeliveries as Deliveries } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { headingId } from './DetailSection';
import { LoadError } from './LoadError';
import { TableHead } from './TableHead';

/** How often the figures are asked for while anything is still queued. */
export const DELIVERIES_POLL_MS = 3000;
const COLUMNS = ['channel', 'recipients', 'queued', 'sent', 'delivered', 'failed'] as const;

/**
 * A sent alert's live figures per channel (GET …/alerts/:id/deliveries), asked for again every few
 * seconds while texts or mails are still queued. The summary line is a polite live region: a screen
 * reader hears the new figures when they change, and the focus stays where it is.
 */
export function AlertDeliveries({ alertId, sectionId }: { alertId: number; sectionId: string }) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const { data, error, loading, reload } = useAdminGet<Deliveries>(`/${PLUGIN_ID}/alerts/${alertId}/deliveries`);
  const channels = data?.data.channels;
  const pending = channels ? channels.mail.queued + (channels.sms?.queued ?? 0) > 0 : true;

  React.useEffect(() => {
    if (!pending || error) return;
    const timer = window.setTimeout(reload, DELIVERIES_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [pending, error, data, reload]);

  const summary = channels
    ? [
        t('alerts.deliveries.summaryMail', { sent: channels.mail.sent, queued: channels.mail.queued, failed: channels.mail.failed }),
        channels.sms
          ? t('alerts.deliveries.summarySms', { sent: channels.sms.sent, delivered: channels.sms.delivered ?? 0, queued: channels.sms.queued, failed: channels.sms.failed })
          : t('alerts.deliveries.smsOff'),
      ].join(' ')
    : '';
  const row = (name: 'mail' | 'sms', figures: AlertChannelFigures) => (
    <Tr key={name}>
      <Td>
        <Typography fontWeight="bold" textColor="neutral800">
          {t(`alerts.deliveries.${name}`)}
        </Typography>
      </Td>
      {(['recipients', 'queued', 'sent', 'delivered', 'failed'] as const).map((column) => (
        <Td key={column}>
          <Typography textColor="neutral800">{figures[column] === undefined ? '–' : formatNumber(figures[column]!)}</Typography>
        </Td>
      ))}
    </Tr>
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      {error && !channels ? <LoadError message={error.message} onRetry={reload} /> : null}
      {channels ? (
        <Table colCount={COLUMNS.length} rowCount={channels.sms ? 3 : 2} aria-labelledby={headingId(sectionId)}>
          <TableHead labels={COLUMNS.map((column) => t(`alerts.deliveries.${column}`))} />
          <Tbody>
            {row('mail', channels.mail)}
            {channels.sms ? row('sms', channels.sms) : null}
          </Tbody>
        </Table>
      ) : null}
      {/* Rendered from the start (empty) so the first figures are announced too. */}
      <Typography role="status" aria-live="polite" textColor="neutral800">
        {channels ? summary : t('alerts.deliveries.loading')}
      </Typography>
      <Flex>
        <Button variant="secondary" startIcon={<ArrowClockwise />} loading={loading && !pending} onClick={reload}>
          {t('alerts.deliveries.refresh')}
        </Button>
      </Flex>
    </Flex>
  );
}
