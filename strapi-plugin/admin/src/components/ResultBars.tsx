import { Box, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { useTranslate } from '../hooks/useTranslate';
import { TableHead } from './TableHead';

export interface ResultRow {
  key: string;
  label: string;
  count: number;
}

interface ResultBarsProps {
  rows: ResultRow[];
  /** The base of each share (responses that answered the question, all clicks, …). */
  answered: number;
  /** The id of the heading that names the question. */
  labelledBy: string;
  /** Column headings; default: answer, count, share. */
  columns?: [string, string, string];
}

/**
 * A bar chart that is a table: answer, count and share as text for everyone (screen readers read
 * a table), with a bar per row drawn for the eye only.
 */
export function ResultBars({ rows, answered, labelledBy, columns }: ResultBarsProps) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  return (
    <Table colCount={3} rowCount={rows.length + 1} aria-labelledby={labelledBy}>
      <TableHead labels={columns ?? [t('results.column.answer'), t('results.column.count'), t('results.column.share')]} />
      <Tbody>
        {rows.map((row) => {
          const share = answered ? row.count / answered : 0;
          return (
            <Tr key={row.key}>
              {/* Fixed column widths keep the bars of all questions on one scale down the page. */}
              <Td width="35%">
                <Typography textColor="neutral800">{row.label}</Typography>
              </Td>
              <Td width="15%">
                <Typography textColor="neutral800" fontWeight="semiBold">
                  {formatNumber(row.count)}
                </Typography>
              </Td>
              <Td width="50%">
                <Flex gap={3}>
                  <Box flex="1" background="neutral150" hasRadius height="1.2rem" aria-hidden>
                    <Box background="primary600" hasRadius height="100%" width={`${(share * 100).toFixed(1)}%`} />
                  </Box>
                  <Box minWidth="4rem">
                    <Typography textColor="neutral800">{formatNumber(share, { style: 'percent', maximumFractionDigits: 1 })}</Typography>
                  </Box>
                </Flex>
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}
