import { ClockCounterClockwise } from '@strapi/icons';

import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { auditLogPath } from '../utils/paths';
import { PermittedLink } from './PermittedLink';

/** To the audit log (of one profile, if given); only for editors who may read it. */
export function AuditLogLink({ profileId }: { profileId?: number }) {
  const t = useTranslate();
  return (
    <PermittedLink to={auditLogPath(profileId)} permissions={PERMISSIONS.readAuditLog} icon={<ClockCounterClockwise />}>
      {t(profileId === undefined ? 'auditLog.link' : 'auditLog.linkForProfile')}
    </PermittedLink>
  );
}
