import { Flex, LinkButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Pencil, User } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { SurveyAdminList } from '@civic-dialog/contracts';
import { NavLink, useNavigate } from 'react-router-dom';

import { DateTime } from '../components/DateTime';
import { ListContent } from '../components/ListContent';
import { PermittedLink } from '../components/PermittedLink';
import { TableHead } from '../components/TableHead';
import { TitleCell } from '../components/TitleCell';
import { ValueBadge } from '../components/ValueBadge';
import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { PROFILES_PATH, SURVEYS_CONTENT_PATH, surveyResultsPath } from '../utils/paths';

const COLUMNS = ['title', 'mode', 'phase', 'opensAt', 'closesAt', 'responses'];

/** Every survey with its phase and response count; each leads to its results. */
export function SurveysPage() {
  const t = useTranslate();
  const navigate = useNavigate();
  const list = useAdminGet<SurveyAdminList>(`/${PLUGIN_ID}/surveys-admin`);

  return (
    <Page.Main>
      <Page.Title>{`${t('surveys.title')} | ${t('plugin.name')}`}</Page.Title>
      <Layouts.Header
        title={t('surveys.title')}
        subtitle={list.data ? t('surveys.subtitle', { total: list.data.results.length }) : undefined}
        primaryAction={
          <Flex tag="nav" gap={2} aria-label={t('editorLinks.label')}>
            <PermittedLink to={PROFILES_PATH} end permissions={PERMISSIONS.readProfiles} icon={<User />}>
              {t('profiles.title')}
            </PermittedLink>
            <LinkButton tag={NavLink} to={SURVEYS_CONTENT_PATH} variant="secondary" startIcon={<Pencil />}>
              {t('surveys.edit')}
            </LinkButton>
          </Flex>
        }
      />
      <Layouts.Content>
        <ListContent
          state={list}
          loadingText={t('surveys.loading')}
          isEmpty={(surveys) => surveys.results.length === 0}
          emptyText={t('surveys.empty')}
        >
          {(surveys) => (
            <Table colCount={COLUMNS.length} rowCount={surveys.results.length + 1} aria-label={t('surveys.title')} aria-busy={list.loading}>
              <TableHead labels={COLUMNS.map((column) => t(`surveys.column.${column}`))} />
              <Tbody>
                {surveys.results.map((survey) => (
                  // The title link is the keyboard path; the row click is a convenience for mice.
                  <Tr key={survey.id} cursor="pointer" onClick={() => navigate(surveyResultsPath(survey.id))}>
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
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </ListContent>
      </Layouts.Content>
    </Page.Main>
  );
}
