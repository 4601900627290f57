import { Box, Flex, Typography } from '@strapi/design-system';
import type { NewsletterReport } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';

import { useTranslate } from '../hooks/useTranslate';
import { progressOf } from '../utils/newsletters';

/**
 * How far a send got: a bar for the eye and, as its text alternative, "1.234 von 5.000 gesendet"
 * (the bar's aria-valuetext and a visible line), plus failed and uncertain counts when there are any.
 */
export function NewsletterProgress({ report }: { report: NewsletterReport }) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const { percent, total } = progressOf(report);
  const text = t('newsletter.progress.sent', { sent: formatNumber(report.sent), total: formatNumber(total) });
  const extra = [
    report.failed ? t('newsletter.progress.failed', { count: report.failed, formatted: formatNumber(report.failed) }) : null,
    report.uncertain ? t('newsletter.progress.uncertain', { count: report.uncertain, formatted: formatNumber(report.uncertain) }) : null,
  ].filter(Boolean);
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      {/* The design system's ProgressBar is drawn for dark backgrounds; this one is visible on white. */}
      <Box
        role="progressbar"
        aria-label={t('newsletter.progress.label')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        aria-valuetext={text}
        background="neutral150"
        borderColor="neutral300"
        hasRadius
        height="1.2rem"
        overflow="hidden"
      >
        <Box background="primary600" height="100%" width={`${percent.toFixed(1)}%`} />
      </Box>
      <Typography variant="pi" textColor="neutral800">
        {text}
        {extra.length ? ` · ${extra.join(' · ')}` : ''}
      </Typography>
    </Flex>
  );
}
