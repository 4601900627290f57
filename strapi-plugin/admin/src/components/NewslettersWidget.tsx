import { Box, Flex, Link, Table, Tbody, Td, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import { useTheme } from 'styled-components';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import type { NewsletterDashboard } from '../utils/newsletters';
import { newsletterReportPath } from '../utils/paths';
import { NewslettersHistory } from './NewslettersHistory';
import { TableHead } from './TableHead';

const BAR_HEIGHT = 18;
const BAR_GAP = 8;
const LABEL_WIDTH = 120;
const CHART_WIDTH = 360;

/**
 * The admin home page widget: subscribers per topic as bars (with a table for screen readers), the
 * last weeks as charts (NewslettersHistory) and the last newsletters.
 */
export function NewslettersWidget() {
  const t = useTranslate();
  const { data, error } = useAdminGet<NewsletterDashboard>(`/${PLUGIN_ID}/newsletters/dashboard`);
  if (error) return <Widget.Error>{error.message}</Widget.Error>;
  if (!data) return <Widget.Loading>{t('widget.loading')}</Widget.Loading>;
  if (data.topics.length === 0 && data.newsletters.length === 0) return <Widget.NoData>{t('widget.empty')}</Widget.NoData>;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {data.topics.length ? <TopicBars topics={data.topics} /> : null}
      {data.topics.length ? <NewslettersHistory /> : null}
      {data.newsletters.length ? <LastNewsletters newsletters={data.newsletters} /> : null}
    </Flex>
  );
}

function TopicBars({ topics }: { topics: NewsletterDashboard['topics'] }) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const { colors } = useTheme();
  const max = Math.max(1, ...topics.map((topic) => topic.subscribers));
  const barSpace = CHART_WIDTH - LABEL_WIDTH - 48;
  const height = topics.length * (BAR_HEIGHT + BAR_GAP);
  return (
    <Box>
      <Typography tag="h3" variant="sigma" textColor="neutral600" id="civic-dialog-widget-topics">
        {t('widget.topics')}
      </Typography>
      {/* The chart is for the eye; the table below says the same to screen readers. */}
      <svg
        aria-hidden="true"
        focusable="false"
        viewBox={`0 0 ${CHART_WIDTH} ${height}`}
        preserveAspectRatio="xMinYMin meet"
        width="100%"
        style={{ maxWidth: `${CHART_WIDTH * 1.5}px`, display: 'block', marginTop: 8 }}
      >
        {topics.map((topic, index) => {
          const y = index * (BAR_HEIGHT + BAR_GAP);
          const width = Math.max(2, (topic.subscribers / max) * barSpace);
          return (
            <g key={topic.name}>
              <text x={0} y={y + BAR_HEIGHT - 5} fontSize="12" fill={colors.neutral800}>
                {topic.name.length > 18 ? `${topic.name.slice(0, 17)}…` : topic.name}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={width} height={BAR_HEIGHT} rx={3} fill={colors.primary600} />
              <text x={LABEL_WIDTH + width + 6} y={y + BAR_HEIGHT - 5} fontSize="12" fill={colors.neutral800}>
                {formatNumber(topic.subscribers)}
              </text>
            </g>
          );
        })}
      </svg>
      <VisuallyHidden>
        <table aria-labelledby="civic-dialog-widget-topics">
          <thead>
            <tr>
              <th scope="col">{t('widget.topic')}</th>
              <th scope="col">{t('widget.subscribers')}</th>
            </tr>
          </thead>
          <tbody>
            {topics.map((topic) => (
              <tr key={topic.name}>
                <td>{topic.name}</td>
                <td>{formatNumber(topic.subscribers)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Box>
  );
}

// Failed mails are in each newsletter's report; the widget keeps to what fits its card.
const FIGURES = ['sent', 'unsubscribes', 'clicks'] as const;

function LastNewsletters({ newsletters }: { newsletters: NewsletterDashboard['newsletters'] }) {
  const t = useTranslate();
  const { formatNumber, formatDate } = useIntl();
  return (
    <Box>
      <Typography tag="h3" variant="sigma" textColor="neutral600" id="civic-dialog-widget-newsletters">
        {t('widget.newsletters')}
      </Typography>
      <Box paddingTop={2}>
        <Table colCount={FIGURES.length + 1} rowCount={newsletters.length + 1} aria-labelledby="civic-dialog-widget-newsletters">
          <TableHead labels={[t('widget.newsletter'), ...FIGURES.map((figure) => t(`newsletters.column.${figure}`))]} />
          <Tbody>
            {newsletters.map((newsletter, index) => (
              <Tr key={newsletter.documentId ?? index}>
                <Td>
                  <Flex direction="column" alignItems="flex-start">
                    {newsletter.documentId ? (
                      <Link tag={NavLink} to={newsletterReportPath(newsletter.documentId)}>
                        {newsletter.title}
                      </Link>
                    ) : (
                      <Typography textColor="neutral800">{newsletter.title}</Typography>
                    )}
                    {newsletter.sentAt ? (
                      <Typography variant="pi" textColor="neutral600">
                        <time dateTime={newsletter.sentAt}>{formatDate(newsletter.sentAt, { dateStyle: 'medium' })}</time>
                      </Typography>
                    ) : null}
                  </Flex>
                </Td>
                {FIGURES.map((figure) => (
                  <Td key={figure}>
                    <Typography textColor="neutral800">
                      {figure === 'sent'
                        ? t('widget.sentOf', { sent: formatNumber(newsletter.sent), total: formatNumber(newsletter.recipients) })
                        : formatNumber(newsletter[figure])}
                    </Typography>
                  </Td>
                ))}
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Box>
    </Box>
  );
}
