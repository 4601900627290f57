import { Flex, Link, LinkButton, Typography } from '@strapi/design-system';
import { ArrowLeft, Eye, Pencil } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { NewsletterReport } from '@civic-dialog/contracts';
import { NavLink, useParams } from 'react-router-dom';

import { DateTime } from '../components/DateTime';
import { LoadError } from '../components/LoadError';
import { NewsletterFigures } from '../components/NewsletterFigures';
import { NewsletterBounces } from '../components/NewsletterBounces';
import { NewsletterProgress } from '../components/NewsletterProgress';
import { ValueBadge } from '../components/ValueBadge';
import { useNewsletterReport } from '../hooks/useNewsletterReport';
import { useTranslate } from '../hooks/useTranslate';
import { pausedReasonText } from '../utils/newsletters';
import { NEWSLETTERS_PATH, newsletterContentPath, newsletterPreviewPath } from '../utils/paths';

/** The report may name the newsletter (its German subject); without it the page has a generic title. */
type NamedReport = NewsletterReport & { subject?: string };

/** One newsletter's report: live progress while it sends, then recipients, failures, unsubscribes and clicks. */
export function NewsletterReportPage() {
  const t = useTranslate();
  const { documentId = '' } = useParams<{ documentId: string }>();
  const { data, error, reload } = useNewsletterReport(documentId);
  const report = data as NamedReport | undefined;

  const backLink = (
    <Link tag={NavLink} to={NEWSLETTERS_PATH} startIcon={<ArrowLeft />}>
      {t('report.back')}
    </Link>
  );
  const title = report?.subject || t('report.title');

  if (error) {
    return (
      <Page.Main>
        <Page.Title>{`${t('report.title')} | ${t('plugin.name')}`}</Page.Title>
        <Layouts.Header navigationAction={backLink} title={t('report.title')} />
        <Layouts.Content>
          {error.status === 404 ? <LoadError message={t('report.notFound')} /> : <LoadError message={error.message} onRetry={reload} />}
        </Layouts.Content>
      </Page.Main>
    );
  }
  if (!report) return <Page.Loading>{t('report.loading')}</Page.Loading>;

  return (
    <Page.Main>
      <Page.Title>{`${title} | ${t('plugin.name')}`}</Page.Title>
      <Layouts.Header
        navigationAction={backLink}
        title={title}
        subtitle={
          <Flex gap={2} paddingTop={1} wrap="wrap">
            <ValueBadge group="newsletterStatus" value={report.status} />
            {report.startedAt ? (
              <Typography variant="epsilon" textColor="neutral600">
                {t('report.started')} <DateTime value={report.startedAt} />
              </Typography>
            ) : report.scheduledAt ? (
              <Typography variant="epsilon" textColor="neutral600">
                {t('newsletter.scheduledFor')} <DateTime value={report.scheduledAt} />
              </Typography>
            ) : null}
            {report.finishedAt ? (
              <Typography variant="epsilon" textColor="neutral600">
                {t('report.finished')} <DateTime value={report.finishedAt} />
              </Typography>
            ) : null}
          </Flex>
        }
        primaryAction={
          <Flex gap={2}>
            <LinkButton tag={NavLink} to={newsletterPreviewPath(documentId)} variant="tertiary" startIcon={<Eye />}>
              {t('newsletter.panel.preview')}
            </LinkButton>
            <LinkButton tag={NavLink} to={newsletterContentPath(documentId)} variant="secondary" startIcon={<Pencil />}>
              {t('report.edit')}
            </LinkButton>
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={8}>
          {report.status === 'sending' || report.status === 'paused' ? <NewsletterProgress report={report} /> : null}
          {report.status === 'paused' && report.pausedReason ? (
            <Typography textColor="neutral800">{pausedReasonText(t, report.pausedReason)}</Typography>
          ) : null}
          <NewsletterFigures report={report} />
          <NewsletterBounces documentId={documentId} />
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
