import { EmptyStateLayout, Flex, Link, Loader, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, Pagination, useQueryParams } from '@strapi/strapi/admin';
import type { AuditLog, AuditLogQuery } from '@civic-dialog/contracts';
import { NavLink } from 'react-router-dom';

import { DateTime } from '../components/DateTime';
import { LoadError } from '../components/LoadError';
import { TableHead } from '../components/TableHead';
import { ValueBadge } from '../components/ValueBadge';
import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { AUDIT_LOG_PATH, PROFILES_PATH, profilePath } from '../utils/paths';
import { positiveInt } from '../utils/query';

interface AuditUrlQuery {
  page?: string;
  pageSize?: string;
  profileId?: string;
}

const DEFAULT_PAGE_SIZE = 20;
const COLUMNS = ['createdAt', 'adminEmail', 'action', 'profile'];

/** Who looked at, exported, erased or resent which profile, and when (newest first). */
export function AuditLogPage() {
  return (
    <Page.Protect permissions={PERMISSIONS.readAuditLog}>
      <AuditLogTable />
    </Page.Protect>
  );
}

function AuditLogTable() {
  const t = useTranslate();
  const [{ query }] = useQueryParams<AuditUrlQuery>({ page: '1', pageSize: String(DEFAULT_PAGE_SIZE) });
  const profileId = query.profileId ? positiveInt(query.profileId, 0) || undefined : undefined;
  const apiQuery: AuditLogQuery = {
    page: positiveInt(query.page, 1),
    pageSize: Math.min(positiveInt(query.pageSize, DEFAULT_PAGE_SIZE), 100),
    profileId,
  };
  const { data, loading, error, reload } = useAdminGet<AuditLog>(`/${PLUGIN_ID}/audit-log`, apiQuery);

  return (
    <Page.Main>
      <Page.Title>{`${t('auditLog.title')} | ${t('plugin.name')}`}</Page.Title>
      <Layouts.Header
        navigationAction={
          <Link tag={NavLink} to={PROFILES_PATH} startIcon={<ArrowLeft />}>
            {t('detail.back')}
          </Link>
        }
        title={t('auditLog.title')}
        subtitle={profileId ? t('auditLog.subtitleProfile', { id: profileId }) : t('auditLog.subtitle')}
        primaryAction={
          profileId ? (
            <Link tag={NavLink} to={AUDIT_LOG_PATH}>
              {t('auditLog.showAll')}
            </Link>
          ) : undefined
        }
      />
      <Layouts.Content>
        {error ? (
          <LoadError message={error.message} onRetry={reload} />
        ) : !data ? (
          <Flex justifyContent="center" padding={8}>
            <Loader>{t('auditLog.loading')}</Loader>
          </Flex>
        ) : data.results.length === 0 ? (
          <EmptyStateLayout hasRadius shadow="tableShadow" icon={<EmptyDocuments width="16rem" />} content={t('auditLog.empty')} />
        ) : (
          <>
            <Table colCount={COLUMNS.length} rowCount={data.results.length + 1} aria-label={t('auditLog.title')} aria-busy={loading}>
              <TableHead labels={COLUMNS.map((column) => t(`auditLog.column.${column}`))} />
              <Tbody>
                {data.results.map((entry) => (
                  <Tr key={entry.id}>
                    <Td>
                      <DateTime value={entry.createdAt} />
                    </Td>
                    <Td>
                      <Typography textColor="neutral800">{entry.adminEmail}</Typography>
                    </Td>
                    <Td>
                      <ValueBadge group="auditAction" value={entry.action} />
                    </Td>
                    <Td>
                      {entry.profileId === null ? (
                        // A list view or download of many: what it showed.
                        <Typography textColor="neutral800">{entry.subject}</Typography>
                      ) : (
                        <Link tag={NavLink} to={profilePath(entry.profileId)}>
                          {t('auditLog.profile', { id: entry.profileId })}
                        </Link>
                      )}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <Pagination.Root pageCount={data.pagination.pageCount} total={data.pagination.total} defaultPageSize={DEFAULT_PAGE_SIZE}>
              <Pagination.PageSize />
              <Pagination.Links />
            </Pagination.Root>
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}
