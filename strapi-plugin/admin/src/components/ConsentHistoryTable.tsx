import { Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import type { ProfileDetail } from '@civic-dialog/contracts';
import { styled } from 'styled-components';

import { useTranslate } from '../hooks/useTranslate';
import { originKey } from '../utils/origins';
import { DateTime } from './DateTime';
import { headingId } from './DetailSection';
import { SourceLink } from './SourceLink';
import { TableHead } from './TableHead';
import { ValueBadge } from './ValueBadge';

const IP_HASH_DISPLAY_LENGTH = 8;

// Table cells do not wrap; a long legal text title may, rather than widen the table.
const WrappingText = styled(Typography)`
  white-space: normal;
`;

const COLUMNS = ['createdAt', 'action', 'purpose', 'legalText', 'topics', 'source', 'ipHash'];

interface ConsentHistoryTableProps {
  consents: ProfileDetail['consents'];
  /** Topic slug → name in the editor's language (the ledger keeps slugs). */
  topicNames: ReadonlyMap<string, string>;
  sectionId: string;
}

/** The consent ledger of one profile: the proof of what was agreed to, when and where. */
export function ConsentHistoryTable({ consents, topicNames, sectionId }: ConsentHistoryTableProps) {
  const t = useTranslate();
  const origin = (value: string) => {
    const key = originKey(value);
    return key ? t(key) : value;
  };

  return (
    <Table colCount={COLUMNS.length} rowCount={consents.length + 1} aria-labelledby={headingId(sectionId)}>
      <TableHead labels={COLUMNS.map((column) => t(`detail.consents.column.${column}`))} />
      <Tbody>
        {consents.map((consent) => (
          <Tr key={consent.id}>
            <Td>
              <DateTime value={consent.createdAt} />
            </Td>
            <Td>
              <ValueBadge group="consentAction" value={consent.action} />
            </Td>
            <Td>
              <Typography textColor="neutral800">
                {t(`purpose.${consent.purpose}`)}
              </Typography>
            </Td>
            <Td>
              {consent.legalText ? (
                <Flex direction="column" alignItems="flex-start" maxWidth="24rem">
                  <WrappingText textColor="neutral800">{consent.legalText.title}</WrappingText>
                  <Typography variant="pi" textColor="neutral600">
                    {t('detail.consents.legalTextVersion', {
                      version: consent.legalText.version,
                      locale: consent.legalText.locale,
                    })}
                  </Typography>
                </Flex>
              ) : (
                <Typography textColor="neutral500">–</Typography>
              )}
            </Td>
            <Td>
              <WrappingText textColor="neutral800">
                {consent.topics.map((slug) => topicNames.get(slug) ?? slug).join(', ') || '–'}
              </WrappingText>
            </Td>
            <Td>
              <Flex direction="column" alignItems="flex-start">
                <SourceLink source={consent.sourceUrl} />
                {consent.widget ? (
                  <Typography variant="pi" textColor="neutral600">
                    {t('detail.consents.widget', { widget: origin(consent.widget) })}
                  </Typography>
                ) : null}
              </Flex>
            </Td>
            <Td>
              {consent.ipHash ? (
                // A prefix is enough to compare entries by eye; the full hash is in the tooltip.
                <Typography tag="code" variant="pi" textColor="neutral800" title={consent.ipHash}>
                  {consent.ipHash.slice(0, IP_HASH_DISPLAY_LENGTH)}…
                </Typography>
              ) : (
                <Typography textColor="neutral500">–</Typography>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
