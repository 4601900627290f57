import { Bell } from '@strapi/icons';

import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { ALERTS_PATH } from '../utils/paths';
import { PermittedLink } from './PermittedLink';

/** To the urgent alerts; only for editors who may write and send them (alerts.send). */
export function AlertsLink() {
  const t = useTranslate();
  return (
    <PermittedLink to={ALERTS_PATH} permissions={PERMISSIONS.sendAlerts} icon={<Bell />}>
      {t('alerts.link')}
    </PermittedLink>
  );
}
