import { Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import type { ProfileDetail } from '@civic-dialog/contracts';

import { useTranslate } from '../hooks/useTranslate';
import { DateTime } from './DateTime';
import { headingId } from './DetailSection';
import { SourceLink } from './SourceLink';
import { TableHead } from './TableHead';
import { ValueBadge } from './ValueBadge';

const COLUMNS = ['topic', 'status', 'source', 'createdAt', 'confirmedAt', 'withdrawnAt'];

interface SubscriptionsTableProps {
  subscriptions: ProfileDetail['subscriptions'];
  sectionId: string;
}

/** Which topics the citizen subscribed to, and when each was confirmed or withdrawn. */
export function SubscriptionsTable({ subscriptions, sectionId }: SubscriptionsTableProps) {
  const t = useTranslate();
  return (
    <Table
      colCount={COLUMNS.length}
      rowCount={subscriptions.length + 1}
      aria-labelledby={headingId(sectionId)}
    >
      <TableHead labels={COLUMNS.map((column) => t(`detail.subscriptions.column.${column}`))} />
      <Tbody>
        {subscriptions.map((subscription) => (
          <Tr key={subscription.topic.slug}>
            <Td>
              <Flex direction="column" alignItems="flex-start">
                <Typography textColor="neutral800" fontWeight="semiBold">
                  {subscription.topic.name}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {subscription.topic.slug}
                </Typography>
              </Flex>
            </Td>
            <Td>
              <ValueBadge group="subscriptionStatus" value={subscription.status} />
            </Td>
            <Td>
              <SourceLink source={subscription.source} />
            </Td>
            <Td>
              <DateTime value={subscription.createdAt} />
            </Td>
            <Td>
              <DateTime value={subscription.confirmedAt} />
            </Td>
            <Td>
              <DateTime value={subscription.withdrawnAt} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
