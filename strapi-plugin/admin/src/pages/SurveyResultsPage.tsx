import { Button, Flex, Link, LinkButton, Typography } from '@strapi/design-system';
import { ArrowLeft, Download, Pencil } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { SurveyAdminResults } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';
import { NavLink, useParams } from 'react-router-dom';

import { LoadError } from '../components/LoadError';
import { QuestionResult } from '../components/QuestionResult';
import { ValueBadge } from '../components/ValueBadge';
import { useAdminGet } from '../hooks/useAdminGet';
import { useFileDownload } from '../hooks/useFileDownload';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { SURVEYS_CONTENT_PATH, SURVEYS_PATH } from '../utils/paths';

/** One survey's results: per question a chart with counts or the free-text answers; CSV of all responses. */
export function SurveyResultsPage() {
  const t = useTranslate();
  const { locale } = useIntl();
  const { id = '' } = useParams<{ id: string }>();
  // Question and choice labels in the editor's language (German when the survey has no English).
  const language = locale.startsWith('en') ? 'en' : 'de';
  const base = `/${PLUGIN_ID}/surveys-admin/${encodeURIComponent(id)}`;
  const { data, error, reload } = useAdminGet<SurveyAdminResults>(`${base}/results`, { locale: language });
  const { download, downloading } = useFileDownload();

  const backLink = (
    <Link tag={NavLink} to={SURVEYS_PATH} startIcon={<ArrowLeft />}>
      {t('results.back')}
    </Link>
  );
  // Results of a previous survey must not show while the next one loads.
  const results = data && String(data.survey.id) === id ? data : undefined;

  if (error) {
    return (
      <Page.Main>
        <Page.Title>{`${t('results.title')} | ${t('plugin.name')}`}</Page.Title>
        <Layouts.Header navigationAction={backLink} title={t('results.title')} />
        <Layouts.Content>
          {error.status === 404 ? <LoadError message={t('results.notFound')} /> : <LoadError message={error.message} onRetry={reload} />}
        </Layouts.Content>
      </Page.Main>
    );
  }
  if (!results) return <Page.Loading>{t('results.loading')}</Page.Loading>;

  const { survey, responses, questions } = results;
  return (
    <Page.Main>
      <Page.Title>{`${survey.title} | ${t('plugin.name')}`}</Page.Title>
      <Layouts.Header
        navigationAction={backLink}
        title={survey.title}
        subtitle={
          <Flex gap={2} paddingTop={1}>
            <ValueBadge group="surveyPhase" value={survey.phase} />
            <ValueBadge group="surveyMode" value={survey.mode} />
            <Typography variant="epsilon" textColor="neutral600">
              {t('results.subtitle', { total: responses })}
            </Typography>
          </Flex>
        }
        primaryAction={
          <Flex gap={2}>
            <LinkButton tag={NavLink} to={SURVEYS_CONTENT_PATH} variant="tertiary" startIcon={<Pencil />}>
              {t('surveys.edit')}
            </LinkButton>
            <Button
              startIcon={<Download />}
              loading={downloading}
              onClick={() => download(`${base}/responses.csv?locale=${language}`, `${survey.slug}.csv`)}
            >
              {t('results.csv')}
            </Button>
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={8}>
          {questions.map((question) => (
            <QuestionResult key={question.id} surveyId={survey.id} question={question} responses={responses} />
          ))}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
