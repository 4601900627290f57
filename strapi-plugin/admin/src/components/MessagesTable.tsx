import { Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import type { ProfileDetail } from '@civic-dialog/contracts';

import { useTranslate } from '../hooks/useTranslate';
import { DateTime } from './DateTime';
import { headingId } from './DetailSection';
import { TableHead } from './TableHead';
import { ValueBadge } from './ValueBadge';

const COLUMNS = ['kind', 'subject', 'status', 'createdAt', 'sentAt', 'error'];

interface MessagesTableProps {
  messages: ProfileDetail['messages'];
  sectionId: string;
}

/** Every mail queued or sent to the profile, with delivery errors. */
export function MessagesTable({ messages, sectionId }: MessagesTableProps) {
  const t = useTranslate();
  return (
    <Table colCount={COLUMNS.length} rowCount={messages.length + 1} aria-labelledby={headingId(sectionId)}>
      <TableHead labels={COLUMNS.map((column) => t(`detail.messages.column.${column}`))} />
      <Tbody>
        {messages.map((message) => (
          <Tr key={message.id}>
            <Td>
              <Typography textColor="neutral800">
                {t(`messageKind.${message.kind}`)}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">{message.subject}</Typography>
            </Td>
            <Td>
              <ValueBadge group="messageStatus" value={message.status} />
            </Td>
            <Td>
              <DateTime value={message.createdAt} />
            </Td>
            <Td>
              <DateTime value={message.sentAt} />
            </Td>
            <Td>
              <Typography textColor={message.error ? 'danger600' : 'neutral500'}>{message.error ?? '–'}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
