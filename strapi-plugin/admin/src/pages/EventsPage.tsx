import { Flex, LinkButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Pencil } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { AdminEventList } from '@civic-dialog/contracts';
import { NavLink, useNavigate } from 'react-router-dom';

import { DateTime } from '../components/DateTime';
import { ProfilesLink } from '../components/EventsLink';
import { ListContent } from '../components/ListContent';
import { SeatsTaken } from '../components/RegistrationCounts';
import { TableHead } from '../components/TableHead';
import { TitleCell } from '../components/TitleCell';
import { ValueBadge } from '../components/ValueBadge';
import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { EVENTS_CONTENT_PATH, eventRegistrationsPath } from '../utils/paths';

const COUNTED = ['confirmed', 'waitlisted', 'cancelled', 'attended'] as const;
const COLUMNS = ['title', 'startsAt', 'status', 'seats', ...COUNTED];

/** Upcoming events first, then past ones, each with its registration counts. */
export function EventsPage() {
  const t = useTranslate();
  const navigate = useNavigate();
  const list = useAdminGet<AdminEventList>(`/${PLUGIN_ID}/events-admin`);
  const { data } = list;

  return (
    <Page.Main>
      <Page.Title>{`${t('events.title')} | ${t('plugin.name')}`}</Page.Title>
      <Layouts.Header
        title={t('events.title')}
        subtitle={data ? t('events.subtitle', { total: data.results.length }) : undefined}
        primaryAction={
          <Flex tag="nav" gap={2} aria-label={t('editorLinks.label')}>
            <ProfilesLink />
            <LinkButton tag={NavLink} to={EVENTS_CONTENT_PATH} variant="secondary" startIcon={<Pencil />}>
              {t('events.edit')}
            </LinkButton>
          </Flex>
        }
      />
      <Layouts.Content>
        <ListContent
          state={list}
          loadingText={t('events.loading')}
          isEmpty={(events) => events.results.length === 0}
          emptyText={t('events.empty')}
        >
          {(events) => (
            <Table colCount={COLUMNS.length} rowCount={events.results.length + 1} aria-label={t('events.title')} aria-busy={list.loading}>
              <TableHead labels={COLUMNS.map((column) => t(`events.column.${column}`))} />
              <Tbody>
                {events.results.map((event) => (
                  // The title link is the keyboard path; the row click is a convenience for mice.
                  <Tr key={event.id} cursor="pointer" onClick={() => navigate(eventRegistrationsPath(event.id))}>
                    <TitleCell to={eventRegistrationsPath(event.id)} title={event.title} subtitle={event.location} />
                    <Td>
                      <DateTime value={event.startsAt} timeZone={event.timeZone} />
                    </Td>
                    <Td>
                      <ValueBadge group="eventStatus" value={event.status} />
                    </Td>
                    <Td>
                      <SeatsTaken event={event} />
                    </Td>
                    {COUNTED.map((status) => (
                      <Td key={status}>
                        <Typography textColor="neutral800">{event.counts[status]}</Typography>
                      </Td>
                    ))}
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
