import { Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import type { AutomationTimelineEntry } from '@civic-dialog/contracts';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { DateTime } from './DateTime';
import { DetailSection, headingId } from './DetailSection';
import { TableHead } from './TableHead';

const COLUMNS = ['automation', 'status', 'step', 'dueAt', 'mails', 'enrolledAt'];
const SECTION = 'automations';

/** The profile's automations in the 360° view (GET /civic-dialog/profiles/:id/automation-timeline): where the person is, or why they left. */
export function AutomationTimeline({ profileId }: { profileId: number }) {
  const t = useTranslate();
  const { data, error } = useAdminGet<{ data: AutomationTimelineEntry[] }>(`/${PLUGIN_ID}/profiles/${profileId}/automation-timeline`);
  const entries = data?.data ?? [];
  return (
    <DetailSection id={SECTION} title={t('detail.automations.title')} description={t('detail.automations.description')} isEmpty={!error && entries.length === 0} emptyText={t(data ? 'detail.automations.empty' : 'detail.automations.loading')}>
      {error ? (
        <Typography tag="p" role="alert" textColor="danger600">
          {t('detail.automations.error')}
        </Typography>
      ) : (
        <Table colCount={COLUMNS.length} rowCount={entries.length + 1} aria-labelledby={headingId(SECTION)}>
          <TableHead labels={COLUMNS.map((column) => t(`detail.automations.column.${column}`))} />
          <Tbody>
            {entries.map((entry) => (
              <Tr key={`${entry.automationId}-${entry.enrolledAt}`}>
                <Td>
                  <Typography textColor="neutral800">{entry.automationName}</Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">
                    {entry.status === 'exited' && entry.exitReason
                      ? t('automations.status.exitedBecause', { reason: t(`automations.exit.${entry.exitReason}`) })
                      : t(`automations.status.${entry.status}`)}
                  </Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">{entry.status === 'active' ? t('automations.stats.stepNumber', { number: entry.stepIndex + 1 }) : '–'}</Typography>
                </Td>
                <Td>
                  <DateTime value={entry.status === 'active' ? entry.dueAt : null} />
                </Td>
                <Td>
                  <Typography textColor="neutral800">{entry.mails.length}</Typography>
                </Td>
                <Td>
                  <DateTime value={entry.enrolledAt} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </DetailSection>
  );
}
