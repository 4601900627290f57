import { Flex, Td, Typography } from '@strapi/design-system';
import type { SurveyAdminList } from '@civic-dialog/contracts';

import { DateTime } from '../components/DateTime';
import { ListPage } from '../components/ListPage';
import { TitleCell } from '../components/TitleCell';
import { ValueBadge } from '../components/ValueBadge';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { SURVEYS_CONTENT_PATH, surveyResultsPath } from '../utils/paths';

const COLUMNS = ['title', 'mode', 'phase', 'opensAt', 'closesAt', 'responses'];

type SurveyItem = SurveyAdminList['results'][number];

/** Every survey with its phase and response count; each leads to its results. */
export function SurveysPage() {
  const t = useTranslate();
  return (
    <ListPage<SurveyItem>
      area="surveys"
      url={`/${PLUGIN_ID}/surveys-admin`}
      contentPath={SURVEYS_CONTENT_PATH}
      contentLabel={t('surveys.edit')}
      columns={COLUMNS}
      rowKey={(survey) => survey.id}
      rowPath={(survey) => surveyResultsPath(survey.id)}
      cells={(survey) => (
        <>
          <TitleCell to={surveyResultsPath(survey.id)} title={survey.title} subtitle={survey.slug} />
          <Td>
            <ValueBadge group="surveyMode" value={survey.mode} />
          </Td>
          <Td>
            <ValueBadge group="surveyPhase" value={survey.phase} />
          </Td>
          <Td>
            <DateTime value={survey.opensAt} />
          </Td>
          <Td>
            <DateTime value={survey.closesAt} />
          </Td>
          <Td>
            <Flex direction="column" alignItems="flex-start">
              <Typography textColor="neutral800" fontWeight="semiBold">
                {survey.responses}
              </Typography>
              {survey.pending ? (
                <Typography variant="pi" textColor="neutral600">
                  {t('surveys.pending', { count: survey.pending })}
                </Typography>
              ) : null}
            </Flex>
          </Td>
        </>
      )}
    />
  );
}
