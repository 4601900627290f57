import { Td, Typography } from '@strapi/design-system';
import type { AdminEventList } from '@civic-dialog/contracts';

import { DateTime } from '../components/DateTime';
import { ListPage } from '../components/ListPage';
import { SeatsTaken } from '../components/RegistrationCounts';
import { TitleCell } from '../components/TitleCell';
import { ValueBadge } from '../components/ValueBadge';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { EVENTS_CONTENT_PATH, eventRegistrationsPath } from '../utils/paths';

const COUNTED = ['confirmed', 'waitlisted', 'cancelled', 'attended'] as const;
const COLUMNS = ['title', 'startsAt', 'status', 'seats', ...COUNTED];

type EventItem = AdminEventList['results'][number];

/** Upcoming events first, then past ones, each with its registration counts. */
export function EventsPage() {
  const t = useTranslate();
  return (
    <ListPage<EventItem>
      area="events"
      url={`/${PLUGIN_ID}/events-admin`}
      contentPath={EVENTS_CONTENT_PATH}
      contentLabel={t('events.edit')}
      columns={COLUMNS}
      rowKey={(event) => event.id}
      rowPath={(event) => eventRegistrationsPath(event.id)}
      cells={(event) => (
        <>
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
        </>
      )}
    />
  );
}
