import { LinkButton } from '@strapi/design-system';
import { ClockCounterClockwise } from '@strapi/icons';
import { useRBAC } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';

import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { auditLogPath } from '../utils/paths';

/** To the audit log (of one profile, if given); only for editors who may read it. */
export function AuditLogLink({ profileId }: { profileId?: number }) {
  const t = useTranslate();
  const {
    allowedActions: { canRead },
    isLoading,
  } = useRBAC({ read: PERMISSIONS.readAuditLog });
  if (isLoading || !canRead) return null;
  return (
    <LinkButton tag={NavLink} to={auditLogPath(profileId)} variant="tertiary" startIcon={<ClockCounterClockwise />}>
      {t(profileId === undefined ? 'auditLog.link' : 'auditLog.linkForProfile')}
    </LinkButton>
  );
}
