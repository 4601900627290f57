import { LinkButton } from '@strapi/design-system';
import { Calendar, User } from '@strapi/icons';
import { useRBAC } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';

import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { EVENTS_PATH, PROFILES_PATH } from '../utils/paths';

/** To the events and their registrations; only for editors who may read them. */
export function EventsLink() {
  const t = useTranslate();
  const {
    allowedActions: { canRead },
    isLoading,
  } = useRBAC({ read: PERMISSIONS.readEvents });
  if (isLoading || !canRead) return null;
  return (
    <LinkButton tag={NavLink} to={EVENTS_PATH} variant="tertiary" startIcon={<Calendar />}>
      {t('events.link')}
    </LinkButton>
  );
}

/** From the events back to the profiles; only for editors who may read them. */
export function ProfilesLink() {
  const t = useTranslate();
  const {
    allowedActions: { canRead },
    isLoading,
  } = useRBAC({ read: PERMISSIONS.readProfiles });
  if (isLoading || !canRead) return null;
  return (
    <LinkButton tag={NavLink} to={PROFILES_PATH} end variant="tertiary" startIcon={<User />}>
      {t('profiles.title')}
    </LinkButton>
  );
}
