import * as React from 'react';
import { Box, Divider, Flex, Link, Loader, Typography } from '@strapi/design-system';
import { ChartBubble, Eye } from '@strapi/icons';
import { useRBAC } from '@strapi/strapi/admin';
import type { NewsletterAudienceCount } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';

import { useAdminGet } from '../hooks/useAdminGet';
import { useNewsletterAction } from '../hooks/useNewsletterAction';
import { useNewsletterReport } from '../hooks/useNewsletterReport';
import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { isFinished, newsletterProblemsOf, refusalOf } from '../utils/newsletters';
import { newsletterPreviewPath, newsletterReportPath } from '../utils/paths';
import { NewsletterProblems } from './NewsletterProblems';
import { NewsletterProgress } from './NewsletterProgress';
import { NewsletterSendControls, SendOutcome } from './NewsletterSendControls';
import { NewsletterTestSend } from './NewsletterTestSend';
import { ValueBadge } from './ValueBadge';

/** The newsletter's actions and figures in the content manager's edit view (see NewsletterSidePanel). */
export function NewsletterPanel({ documentId }: { documentId: string }) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const rbac = useRBAC([...PERMISSIONS.readNewsletters, ...PERMISSIONS.sendNewsletters]);
  const report = useNewsletterReport(documentId);
  const audience = useAdminGet<NewsletterAudienceCount>(`/${PLUGIN_ID}/newsletters/${encodeURIComponent(documentId)}/audience`);
  const actions = useNewsletterAction(documentId, report.reload);
  const canSend = Boolean(rbac.allowedActions.canSend);
  // The audience count checks the newsletter as a send would: its 400 names what is still missing.
  const problems = audience.error ? newsletterProblemsOf(audience.error.status, audience.error.error) : undefined;
  const problemsId = `civic-dialog-newsletter-problems-${documentId}`;
  const refusalText = (error: NonNullable<typeof report.error>, otherId: string) => {
    const refusal = refusalOf(error.status, error.error);
    return refusal ? t(`newsletter.refused.${refusal}`) : t(otherId, { detail: error.message });
  };

  const countError = audience.error && !problems ? refusalText(audience.error, 'newsletter.audience.error') : undefined;

  if (rbac.isLoading) return <Loader small>{t('newsletter.panel.loading')}</Loader>;
  if (!rbac.allowedActions.canRead) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('newsletter.panel.noPermission')}
      </Typography>
    );
  }
  if (report.error) {
    return (
      <Typography role="alert" variant="pi" textColor="danger700">
        {refusalText(report.error, 'newsletter.panel.loadError')}
      </Typography>
    );
  }
  if (!report.data) return <Loader small>{t('newsletter.panel.loading')}</Loader>;

  const { status } = report.data;
  const started = status === 'sending' || status === 'paused' || status === 'sent' || (status === 'cancelled' && report.data.recipients > 0);
  return (
    <Flex direction="column" alignItems="stretch" gap={4} width="100%">
      <Flex gap={2} wrap="wrap" role="status">
        <Typography variant="pi" textColor="neutral800">
          {t('newsletter.panel.status')}
        </Typography>
        <ValueBadge group="newsletterStatus" value={status} />
      </Flex>

      {started ? (
        <NewsletterProgress report={report.data} />
      ) : (
        <Box>
          <Typography tag="h3" variant="sigma" textColor="neutral600">
            {t('newsletter.audience.title')}
          </Typography>
          {problems ? (
            <Box paddingTop={1}>
              <NewsletterProblems id={problemsId} problems={problems} />
            </Box>
          ) : countError ? (
            <Typography role="alert" variant="pi" textColor="danger700">
              {countError}
            </Typography>
          ) : audience.data ? (
            <Flex tag="dl" direction="column" alignItems="stretch" gap={1} margin={0} paddingTop={1} aria-busy={audience.loading}>
              {(
                [
                  ['total', audience.data.total],
                  ['de', audience.data.byLocale.de],
                  ['en', audience.data.byLocale.en],
                ] as const
              ).map(([key, count]) => (
                <Flex key={key} justifyContent="space-between" gap={2}>
                  <Typography tag="dt" variant="pi" textColor="neutral800" fontWeight={key === 'total' ? 'bold' : undefined}>
                    {t(`newsletter.audience.${key}`)}
                  </Typography>
                  <Typography tag="dd" variant="pi" textColor="neutral800" fontWeight={key === 'total' ? 'bold' : undefined} margin={0}>
                    {formatNumber(count)}
                  </Typography>
                </Flex>
              ))}
            </Flex>
          ) : (
            <Loader small>{t('newsletter.audience.loading')}</Loader>
          )}
        </Box>
      )}

      {!isFinished(status) ? (
        <NewsletterSendControls
          report={report.data}
          audience={audience.error ? undefined : audience.data}
          counting={audience.loading}
          problems={problems}
          problemsId={problemsId}
          countError={countError}
          refreshAudience={audience.reload}
          actions={actions}
          canSend={canSend}
        />
      ) : null}
      <SendOutcome actions={actions} />
      {!canSend ? (
        <Typography variant="pi" textColor="neutral600">
          {t('newsletter.panel.noSendPermission')}
        </Typography>
      ) : null}

      <Divider />
      <Box>
        <Typography tag="h3" variant="sigma" textColor="neutral600">
          {t('newsletter.test.title')}
        </Typography>
        <Box paddingTop={2}>
          <NewsletterTestSend actions={actions} canSend={canSend} />
        </Box>
      </Box>

      <Divider />
      <Flex direction="column" alignItems="flex-start" gap={2}>
        <Link tag={NavLink} to={newsletterPreviewPath(documentId)} startIcon={<Eye />}>
          {t('newsletter.panel.preview')}
        </Link>
        <Link tag={NavLink} to={newsletterReportPath(documentId)} startIcon={<ChartBubble />}>
          {t('newsletter.panel.report')}
        </Link>
      </Flex>
    </Flex>
  );
}
