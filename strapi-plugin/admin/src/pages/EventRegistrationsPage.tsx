import * as React from 'react';
import {
  Box,
  Button,
  Dialog,
  EmptyStateLayout,
  Flex,
  Link,
  LinkButton,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { ArrowLeft, Download, Pencil } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, Pagination, useQueryParams, useRBAC } from '@strapi/strapi/admin';
import type { AdminRegistration, AdminRegistrationList, AdminRegistrationListQuery } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';
import { NavLink, useParams } from 'react-router-dom';

import { LoadError } from '../components/LoadError';
import { RegistrationCounts } from '../components/RegistrationCounts';
import { RegistrationsTable } from '../components/RegistrationsTable';
import { REGISTRATION_STATUSES, ValueBadge, valueLabelKey } from '../components/ValueBadge';
import { useAdminGet } from '../hooks/useAdminGet';
import { useRegistrationActions } from '../hooks/useRegistrationActions';
import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { EVENTS_CONTENT_PATH, EVENTS_PATH } from '../utils/paths';
import { positiveInt } from '../utils/query';

/** Filter and page live in the URL, so a reload or a shared link shows the same list. */
interface RegistrationsUrlQuery {
  page?: string;
  pageSize?: string;
  status?: string;
}

// A door list fits on one page for most town events; the server allows up to 200.
const DEFAULT_PAGE_SIZE = 100;
const INITIAL_URL_QUERY: RegistrationsUrlQuery = { page: '1', pageSize: String(DEFAULT_PAGE_SIZE) };

/** One event's registrations: counts, the list with answers, CSV export, check-in and the waiting list. */
export function EventRegistrationsPage() {
  const t = useTranslate();
  const { formatDate } = useIntl();
  const { id = '' } = useParams<{ id: string }>();
  const [{ query }, setQuery] = useQueryParams<RegistrationsUrlQuery>(INITIAL_URL_QUERY);
  const apiQuery = toApiQuery(query);
  const { data, loading, error, reload } = useAdminGet<AdminRegistrationList>(
    `/${PLUGIN_ID}/events-admin/${encodeURIComponent(id)}/registrations`,
    { ...apiQuery },
  );
  const {
    allowedActions: { canManage },
  } = useRBAC(PERMISSIONS.manageEvents);
  const { checkIn, promote, exportCsv, busyId, exporting } = useRegistrationActions(reload);
  /** A waitlisted registration the server would not promote because the event is full. */
  const [overCapacity, setOverCapacity] = React.useState<AdminRegistration>();

  // No search text here, so nothing needs Strapi's re-encoding (withEncodedUserParams).
  const setStatus = (status: string | undefined) => setQuery({ status, page: '1' });
  const tryPromote = async (registration: AdminRegistration) => {
    if ((await promote(registration)) === 'full') setOverCapacity(registration);
  };

  const backLink = (
    <Link tag={NavLink} to={EVENTS_PATH} startIcon={<ArrowLeft />}>
      {t('registrations.back')}
    </Link>
  );
  // A stale event from a previous id must not show while the new one loads.
  const list = data && String(data.event.id) === id ? data : undefined;

  if (error) {
    return (
      <Page.Main>
        <Page.Title>{`${t('registrations.title')} | ${t('plugin.name')}`}</Page.Title>
        <Layouts.Header navigationAction={backLink} title={t('registrations.title')} />
        <Layouts.Content>
          {error.status === 404 ? (
            <LoadError message={t('registrations.notFound')} />
          ) : (
            <LoadError message={error.message} onRetry={reload} />
          )}
        </Layouts.Content>
      </Page.Main>
    );
  }
  if (!list) return <Page.Loading>{t('registrations.loading')}</Page.Loading>;

  const { event, results, pagination } = list;
  const fileName = `${event.slug}-registrations.csv`;
  return (
    <Page.Main>
      <Page.Title>{`${event.title} | ${t('plugin.name')}`}</Page.Title>
      <Layouts.Header
        navigationAction={backLink}
        title={event.title}
        subtitle={
          <Flex gap={2} paddingTop={1} wrap="wrap">
            <ValueBadge group="eventStatus" value={event.status} />
            <Typography variant="epsilon" textColor="neutral600">
              {formatDate(event.startsAt, { dateStyle: 'full', timeStyle: 'short', timeZone: event.timeZone })} · {event.location}
            </Typography>
          </Flex>
        }
        primaryAction={
          <Flex gap={2}>
            <LinkButton
              tag={NavLink}
              to={`${EVENTS_CONTENT_PATH}/${event.documentId}`}
              variant="tertiary"
              startIcon={<Pencil />}
            >
              {t('registrations.editEvent')}
            </LinkButton>
            <Button startIcon={<Download />} loading={exporting} onClick={() => exportCsv(event.id, fileName)}>
              {t('registrations.exportCsv')}
            </Button>
          </Flex>
        }
      />
      <Layouts.Action
        startActions={
          <Box minWidth="20rem">
            <SingleSelect
              aria-label={t('registrations.filter.label')}
              placeholder={t('registrations.filter.all')}
              value={apiQuery.status ?? null}
              onChange={(value) => setStatus(String(value))}
              onClear={() => setStatus(undefined)}
              clearLabel={t('registrations.filter.clear')}
            >
              {REGISTRATION_STATUSES.map((status) => (
                <SingleSelectOption key={status} value={status}>
                  {t(valueLabelKey('registrationStatus', status))}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <RegistrationCounts event={event} />
          {results.length === 0 ? (
            <EmptyStateLayout
              hasRadius
              shadow="tableShadow"
              icon={<EmptyDocuments width="16rem" />}
              content={t(apiQuery.status ? 'registrations.emptyFiltered' : 'registrations.empty')}
            />
          ) : (
            <Box aria-busy={loading}>
              <RegistrationsTable
                label={t('registrations.table.label', { title: event.title })}
                registrations={results}
                questions={event.questions}
                canManage={Boolean(canManage)}
                busyId={busyId}
                onCheckIn={checkIn}
                onPromote={tryPromote}
              />
              <Pagination.Root pageCount={pagination.pageCount} total={pagination.total} defaultPageSize={DEFAULT_PAGE_SIZE}>
                <Pagination.PageSize options={['50', '100', '200']} />
                <Pagination.Links />
              </Pagination.Root>
            </Box>
          )}
        </Flex>
      </Layouts.Content>
      <Dialog.Root open={overCapacity !== undefined} onOpenChange={(open) => !open && setOverCapacity(undefined)}>
        <Dialog.Content>
          <Dialog.Header>{t('registrations.overCapacity.title')}</Dialog.Header>
          <Dialog.Body>
            <Typography>{t('registrations.overCapacity.text', { capacity: event.capacity ?? 0 })}</Typography>
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Cancel>
              <Button variant="tertiary">{t('registrations.overCapacity.cancel')}</Button>
            </Dialog.Cancel>
            <Dialog.Action>
              <Button
                variant="danger-light"
                onClick={() => {
                  if (overCapacity) void promote(overCapacity, true);
                  setOverCapacity(undefined);
                }}
              >
                {t('registrations.overCapacity.confirm')}
              </Button>
            </Dialog.Action>
          </Dialog.Footer>
        </Dialog.Content>
      </Dialog.Root>
    </Page.Main>
  );
}

/** Reads the URL query defensively: it is user-editable, the server validates again anyway. */
function toApiQuery(query: RegistrationsUrlQuery): AdminRegistrationListQuery {
  const status = REGISTRATION_STATUSES.find((candidate) => candidate === query.status);
  return {
    page: positiveInt(query.page, 1),
    pageSize: Math.min(positiveInt(query.pageSize, DEFAULT_PAGE_SIZE), 200),
    status,
  };
}
