import { Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';

import { useTranslate } from '../hooks/useTranslate';
import { getTranslation } from '../utils/getTranslation';
import type { TimelineRow } from '../utils/timeline';
import { DateTime } from './DateTime';
import { headingId } from './DetailSection';
import { TableHead } from './TableHead';

const COLUMNS = ['at', 'type', 'action', 'label'];

const WrappingText = styled(Typography)`
  white-space: normal;
`;

interface ProfileTimelineProps {
  rows: TimelineRow[];
  sectionId: string;
}

/** Everything that happened to one citizen, newest first, in one table. */
export function ProfileTimeline({ rows, sectionId }: ProfileTimelineProps) {
  const t = useTranslate();
  const { messages } = useIntl();
  // Later features' types and statuses may have no label yet: show them as the server names them.
  const labelOr = (id: string, fallback: string) => (messages[getTranslation(id)] ? t(id) : fallback);

  return (
    <Table colCount={COLUMNS.length} rowCount={rows.length + 1} aria-labelledby={headingId(sectionId)}>
      <TableHead labels={COLUMNS.map((column) => t(`detail.timeline.column.${column}`))} />
      <Tbody>
        {rows.map((row, index) => (
          <Tr key={`${row.at}-${row.type}-${index}`}>
            <Td>
              <DateTime value={row.at} />
            </Td>
            <Td>
              <Typography textColor="neutral800" fontWeight="semiBold">
                {labelOr(`timeline.type.${row.type}`, row.type)}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">
                {row.action ? labelOr(`timeline.action.${row.type}.${row.action}`, row.action) : '–'}
              </Typography>
            </Td>
            <Td>
              <WrappingText textColor="neutral800">{row.label ?? '–'}</WrappingText>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
