import * as React from 'react';
import { LinkButton } from '@strapi/design-system';
import { useRBAC } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';

interface PermittedLinkProps {
  to: string;
  /** The RBAC actions of which the editor needs one to open the page linked to. */
  permissions: Array<{ action: string; subject: null }>;
  icon: React.ReactNode;
  children: React.ReactNode;
  /** Active only on exactly this path (for the plugin's root page). */
  end?: boolean;
}

/** A header link to one of the plugin's pages, shown only to editors who may read that page. */
export function PermittedLink({ to, permissions, icon, children, end }: PermittedLinkProps) {
  const { allowedActions, isLoading } = useRBAC(permissions);
  // useRBAC names each allowed action by its last part (canRead, canSend): any one of them opens the page.
  if (isLoading || !Object.values(allowedActions).some(Boolean)) return null;
  return (
    <LinkButton tag={NavLink} to={to} end={end} variant="tertiary" startIcon={icon}>
      {children}
    </LinkButton>
  );
}
