import type { ReactNode } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import type { AdminEventSummary, RegistrationStatus } from '@civic-dialog/contracts';

import { useTranslate } from '../hooks/useTranslate';
import { REGISTRATION_STATUSES, valueLabelKey } from './ValueBadge';

/** "42 of 50" seats taken by confirmed and attended registrations, or "42 (unlimited)". */
export function SeatsTaken({ event }: { event: Pick<AdminEventSummary, 'capacity' | 'counts'> }) {
  const t = useTranslate();
  const taken = event.counts.seatsTaken;
  return (
    <Typography textColor="neutral800">
      {event.capacity === null
        ? t('events.seatsUnlimited', { taken })
        : t('events.seatsOf', { taken, capacity: event.capacity })}
    </Typography>
  );
}

/** One card per registration status plus the seats, as a description list. */
export function RegistrationCounts({ event }: { event: AdminEventSummary }) {
  const t = useTranslate();
  const card = (term: string, value: ReactNode, key: string) => (
    <Box key={key} background="neutral0" hasRadius shadow="tableShadow" padding={4} minWidth="12rem">
      <Typography tag="dt" variant="sigma" textColor="neutral600">
        {term}
      </Typography>
      <Box tag="dd" margin={0} paddingTop={1}>
        {value}
      </Box>
    </Box>
  );
  const count = (status: RegistrationStatus) => (
    <Typography variant="alpha" tag="span">
      {event.counts[status]}
    </Typography>
  );
  return (
    <Flex tag="dl" gap={4} wrap="wrap" margin={0}>
      {card(t('registrations.seats'), <SeatsTaken event={event} />, 'seats')}
      {REGISTRATION_STATUSES.map((status) => card(t(valueLabelKey('registrationStatus', status)), count(status), status))}
      {event.counts.seatsWaitlisted > 0
        ? card(t('registrations.seatsWaitlisted'), <Typography textColor="neutral800">{event.counts.seatsWaitlisted}</Typography>, 'seatsWaitlisted')
        : null}
    </Flex>
  );
}
