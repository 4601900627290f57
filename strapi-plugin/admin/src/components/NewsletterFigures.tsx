import type { ReactNode } from 'react';
import { Box, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import type { NewsletterReport } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';

import { useTranslate } from '../hooks/useTranslate';
import { DetailSection, headingId } from './DetailSection';
import { ResultBars } from './ResultBars';
import { TableHead } from './TableHead';

const FIGURES = ['recipients', 'sent', 'pending', 'failed', 'uncertain', 'unsubscribes'] as const;

/**
 * A newsletter's report as figures and tables: counts (a description list), failures by reason,
 * and clicks per link. Counts only — no row names a person.
 */
export function NewsletterFigures({ report }: { report: NewsletterReport }) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const totalClicks = report.clicks.reduce((sum, link) => sum + link.count, 0);
  const card = (key: string, value: ReactNode, note?: string) => (
    <Box key={key} background="neutral0" hasRadius shadow="tableShadow" padding={4} minWidth="14rem" maxWidth="32rem">
      <Typography tag="dt" variant="sigma" textColor="neutral600">
        {t(`report.figure.${key}`)}
      </Typography>
      <Box tag="dd" margin={0} paddingTop={1}>
        <Typography variant="alpha" tag="span">
          {value}
        </Typography>
        {note ? (
          <Box paddingTop={1}>
            <Typography variant="pi" textColor="neutral600">
              {note}
            </Typography>
          </Box>
        ) : null}
      </Box>
    </Box>
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={8}>
      <Flex tag="dl" gap={4} wrap="wrap" margin={0} alignItems="stretch">
        {FIGURES.map((figure) =>
          card(figure, formatNumber(report[figure]), figure === 'uncertain' && report.uncertain > 0 ? t('report.uncertainExplained') : undefined),
        )}
        {card('clicks', formatNumber(totalClicks))}
      </Flex>
      {report.uncertain > 0 ? null : (
        <Typography variant="pi" textColor="neutral600">
          {t('report.uncertainNone')}
        </Typography>
      )}

      <DetailSection id="report-failures" title={t('report.failures.title')} isEmpty={report.failures.length === 0} emptyText={t('report.failures.empty')}>
        <Table colCount={2} rowCount={report.failures.length + 1} aria-labelledby={headingId('report-failures')}>
          <TableHead labels={[t('report.failures.reason'), t('report.failures.count')]} />
          <Tbody>
            {report.failures.map((failure) => (
              <Tr key={failure.reason}>
                <Td>
                  <Typography textColor="neutral800">{failure.reason}</Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">{formatNumber(failure.count)}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </DetailSection>

      <DetailSection
        id="report-clicks"
        title={t('report.clicks.title')}
        description={t('report.clicks.description')}
        isEmpty={report.clicks.length === 0}
        emptyText={t('report.clicks.empty')}
      >
        <ResultBars
          rows={report.clicks.map((link) => ({ key: link.url, label: link.url, count: link.count }))}
          answered={totalClicks}
          labelledBy={headingId('report-clicks')}
          columns={[t('report.clicks.link'), t('report.clicks.count'), t('report.clicks.share')]}
        />
      </DetailSection>
    </Flex>
  );
}
