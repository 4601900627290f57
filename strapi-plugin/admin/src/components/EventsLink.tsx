import { Calendar, User } from '@strapi/icons';

import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { EVENTS_PATH, PROFILES_PATH } from '../utils/paths';
import { PermittedLink } from './PermittedLink';

/** To the events and their registrations; only for editors who may read them. */
export function EventsLink() {
  const t = useTranslate();
  return (
    <PermittedLink to={EVENTS_PATH} permissions={PERMISSIONS.readEvents} icon={<Calendar />}>
      {t('events.link')}
    </PermittedLink>
  );
}

/** From the events back to the profiles; only for editors who may read them. */
export function ProfilesLink() {
  const t = useTranslate();
  return (
    <PermittedLink to={PROFILES_PATH} end permissions={PERMISSIONS.readProfiles} icon={<User />}>
      {t('profiles.title')}
    </PermittedLink>
  );
}
