import { Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import type { AdminAlert } from '@civic-dialog/contracts';
import { useNavigate } from 'react-router-dom';

import type { AdminGetState } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { alertPath } from '../utils/paths';
import { DateTime } from './DateTime';
import { headingId } from './DetailSection';
import { ListContent } from './ListContent';
import { TableHead } from './TableHead';
import { TitleCell } from './TitleCell';
import { ValueBadge } from './ValueBadge';

const COLUMNS = ['shortText', 'status', 'severity', 'area', 'sentAt', 'recipients'] as const;

/** The area in words: "Ganze Stadt", or its districts and postal codes. */
export function useAreaText() {
  const t = useTranslate();
  return ({ area }: Pick<AdminAlert, 'area'>) => (area.wholeTown ? t('alerts.areaText.wholeTown') : [...area.districts, ...area.postalCodes].join(', '));
}

/** Every alert, newest first: drafts and sent ones with their recipients per channel; each links to its page. */
export function AlertsTable({ state, sectionId }: { state: AdminGetState<{ data: AdminAlert[] }>; sectionId: string }) {
  const t = useTranslate();
  const navigate = useNavigate();
  const areaText = useAreaText();
  return (
    <ListContent state={state} loadingText={t('alerts.list.loading')} isEmpty={({ data }) => data.length === 0} emptyText={t('alerts.list.empty')}>
      {({ data }) => (
        <Table colCount={COLUMNS.length} rowCount={data.length + 1} aria-labelledby={headingId(sectionId)} aria-busy={state.loading}>
          <TableHead labels={COLUMNS.map((column) => t(`alerts.column.${column}`))} />
          <Tbody>
            {data.map((alert) => (
              // The text link is the keyboard path; the row click is a convenience for mice.
              <Tr key={alert.id} cursor="pointer" onClick={() => navigate(alertPath(alert.id))}>
                <TitleCell to={alertPath(alert.id)} title={alert.shortText.de} subtitle={alert.shortText.en ?? undefined} />
                <Td>
                  <ValueBadge group="alertStatus" value={alert.status} />
                </Td>
                <Td>
                  <ValueBadge group="alertSeverity" value={alert.severity} />
                </Td>
                <Td>
                  <Typography textColor="neutral800">{areaText(alert)}</Typography>
                </Td>
                <Td>
                  <DateTime value={alert.sentAt} />
                </Td>
                <Td>
                  <Typography textColor="neutral800">{alert.status === 'sent' ? t('alerts.recipients', alert.recipients) : '–'}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </ListContent>
  );
}
