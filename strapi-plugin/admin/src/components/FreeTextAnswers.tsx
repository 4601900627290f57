import * as React from 'react';
import { Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowLeft, ArrowRight } from '@strapi/icons';
import type { SurveyFreeTextPage } from '@civic-dialog/contracts';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { DateTime } from './DateTime';
import { LoadError } from './LoadError';

interface FreeTextAnswersProps {
  surveyId: number;
  questionId: string;
  labelledBy: string;
}

/** One free-text question's answers, newest first, a page at a time. */
export function FreeTextAnswers({ surveyId, questionId, labelledBy }: FreeTextAnswersProps) {
  const t = useTranslate();
  // Local page state, not the URL: a results page has several of these lists.
  const [page, setPage] = React.useState(1);
  const { data, loading, error, reload } = useAdminGet<SurveyFreeTextPage>(
    `/${PLUGIN_ID}/surveys-admin/${surveyId}/free-text/${encodeURIComponent(questionId)}`,
    { page },
  );
  if (error) return <LoadError message={error.message} onRetry={reload} />;
  if (!data) return <Loader small>{t('results.freeText.loading')}</Loader>;
  const { pageCount, total } = data.pagination;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Box tag="ol" aria-labelledby={labelledBy} aria-busy={loading} start={(page - 1) * data.pagination.pageSize + 1}>
        {data.results.map((answer) => (
          <Box tag="li" key={answer.responseId} background="neutral0" hasRadius shadow="tableShadow" padding={4} marginBottom={2}>
            <Typography tag="p" textColor="neutral800">
              {answer.text}
            </Typography>
            <DateTime value={answer.createdAt} />
          </Box>
        ))}
      </Box>
      {pageCount > 1 ? (
        <Flex tag="nav" aria-label={t('results.freeText.pages')} gap={3}>
          <Button variant="tertiary" startIcon={<ArrowLeft />} disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('results.freeText.previous')}
          </Button>
          <Typography textColor="neutral600" aria-live="polite">
            {t('results.freeText.page', { page, pageCount, total })}
          </Typography>
          <Button variant="tertiary" endIcon={<ArrowRight />} disabled={page >= pageCount} onClick={() => setPage(page + 1)}>
            {t('results.freeText.next')}
          </Button>
        </Flex>
      ) : null}
    </Flex>
  );
}
