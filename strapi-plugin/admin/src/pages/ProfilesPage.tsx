import * as React from 'react';
import {
  Box,
  Flex,
  Link,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page, Pagination, useQueryParams, withEncodedUserParams } from '@strapi/strapi/admin';
import type { ProfileList, ProfileListQuery } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';
import { NavLink, useLocation, useNavigate } from 'react-router-dom';

import { DateTime } from '../components/DateTime';
import { EditorLinks } from '../components/EditorLinks';
import { TableHead } from '../components/TableHead';
import { ListContent } from '../components/ListContent';
import { ProfileSearch } from '../components/ProfileSearch';
import { TopicFilter } from '../components/TopicFilter';
import { PROFILE_STATUSES, ValueBadge, valueLabelKey } from '../components/ValueBadge';
import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { profilePath } from '../utils/paths';
import { positiveInt } from '../utils/query';

/** The list state lives in the URL so the back link and reloads keep search, filter and page. */
interface ListUrlQuery {
  page?: string;
  pageSize?: string;
  /** `_q`, like Strapi's own lists: its pagination keeps that key URL-encoded. */
  _q?: string;
  status?: string;
  topic?: string;
}

const DEFAULT_PAGE_SIZE = 20;
const INITIAL_URL_QUERY: ListUrlQuery = { page: '1', pageSize: String(DEFAULT_PAGE_SIZE) };
const COLUMNS = ['email', 'firstName', 'status', 'locale', 'activeTopics', 'createdAt'];

/** Where the detail page's back link returns to (the list with its search, filter and page). */
export interface ProfileLinkState {
  listSearch: string;
}

export function ProfilesPage() {
  const { formatDisplayName } = useIntl();
  const t = useTranslate();
  const navigate = useNavigate();
  const { search } = useLocation();
  const [{ query }, setQuery] = useQueryParams<ListUrlQuery>(INITIAL_URL_QUERY);
  const apiQuery = toApiQuery(query);
  const list = useAdminGet<ProfileList>(`/${PLUGIN_ID}/profiles`, apiQuery);
  const { data } = list;

  const linkState: ProfileLinkState = { listSearch: search };
  const isFiltered = Boolean(apiQuery.q || apiQuery.status || apiQuery.topic);

  // useQueryParams writes the URL unencoded: re-encode the kept search, or "a+b" turns into "a b".
  const setSearch = (text: string) =>
    setQuery(withEncodedUserParams(query, { _q: text ? encodeURIComponent(text) : undefined, page: '1' }));
  const setStatus = (status: string | undefined) =>
    setQuery(withEncodedUserParams(query, { status, page: '1' }));
  const setTopic = (topic: string | undefined) => setQuery(withEncodedUserParams(query, { topic, page: '1' }));

  return (
    <Page.Main>
      <Page.Title>{`${t('profiles.title')} | ${t('plugin.name')}`}</Page.Title>
      <Layouts.Header
        title={t('profiles.title')}
        subtitle={data ? t('profiles.subtitle', { total: data.pagination.total }) : undefined}
        primaryAction={<EditorLinks />}
      />
      <Layouts.Action
        startActions={
          <Flex gap={2} wrap="wrap">
            <ProfileSearch value={apiQuery.q ?? ''} onSearch={setSearch} />
            <Box minWidth="20rem">
              <SingleSelect
                aria-label={t('profiles.filter.label')}
                placeholder={t('profiles.filter.all')}
                value={apiQuery.status ?? null}
                onChange={(value) => setStatus(String(value))}
                onClear={() => setStatus(undefined)}
                clearLabel={t('profiles.filter.clear')}
              >
                {PROFILE_STATUSES.map((status) => (
                  <SingleSelectOption key={status} value={status}>
                    {t(valueLabelKey('profileStatus', status))}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Box>
            <TopicFilter value={apiQuery.topic} onChange={setTopic} />
          </Flex>
        }
      />
      <Layouts.Content>
        <ListContent
          state={list}
          loadingText={t('profiles.loading')}
          isEmpty={(profiles) => profiles.results.length === 0}
          emptyText={t(isFiltered ? 'profiles.emptyFiltered' : 'profiles.empty')}
        >
          {(profiles) => (
            <>
              <Table
                colCount={COLUMNS.length}
                rowCount={profiles.results.length + 1}
                aria-label={t('profiles.table.label')}
                aria-busy={list.loading}
              >
                <TableHead labels={COLUMNS.map((column) => t(`profiles.column.${column}`))} />
                <Tbody>
                  {profiles.results.map((profile) => (
                    <Tr
                      key={profile.id}
                      cursor="pointer"
                      // The email link is the keyboard path; the row click is a convenience for mice.
                      onClick={() => navigate(profilePath(profile.id), { state: linkState })}
                    >
                      <Td>
                        <Link
                          tag={NavLink}
                          to={profilePath(profile.id)}
                          state={linkState}
                          onClick={(event: React.MouseEvent) => event.stopPropagation()}
                        >
                          {profile.email}
                        </Link>
                      </Td>
                      <Td>
                        <Typography textColor="neutral800">{profile.firstName ?? '–'}</Typography>
                      </Td>
                      <Td>
                        <ValueBadge group="profileStatus" value={profile.status} />
                      </Td>
                      <Td>
                        <Typography textColor="neutral800">
                          {formatDisplayName(profile.locale, { type: 'language' }) ?? profile.locale}
                        </Typography>
                      </Td>
                      <Td>
                        <Typography textColor="neutral800">{profile.activeTopics}</Typography>
                      </Td>
                      <Td>
                        <DateTime value={profile.createdAt} precision="date" />
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
              <Pagination.Root
                pageCount={profiles.pagination.pageCount}
                total={profiles.pagination.total}
                defaultPageSize={DEFAULT_PAGE_SIZE}
              >
                <Pagination.PageSize />
                <Pagination.Links />
              </Pagination.Root>
            </>
          )}
        </ListContent>
      </Layouts.Content>
    </Page.Main>
  );
}

/** Reads the URL query defensively: it is user-editable, the server validates again anyway. */
function toApiQuery(query: ListUrlQuery): ProfileListQuery {
  const status = PROFILE_STATUSES.find((candidate) => candidate === query.status);
  return {
    page: positiveInt(query.page, 1),
    pageSize: Math.min(positiveInt(query.pageSize, DEFAULT_PAGE_SIZE), 100),
    q: query._q?.trim() || undefined,
    status,
    // The server validates the slug; an invalid one from a hand-edited URL gets a clear 400.
    topic: query.topic?.trim() || undefined,
  };
}
