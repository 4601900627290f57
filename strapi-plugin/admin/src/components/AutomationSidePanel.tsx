import * as React from 'react';
import { Loader, Typography } from '@strapi/design-system';

import { useTranslate } from '../hooks/useTranslate';
import { AUTOMATION_UID } from '../utils/paths';

// Loaded only when an automation is opened: the admin's entry bundle stays small.
const AutomationStats = React.lazy(() => import('./AutomationStats').then((module) => ({ default: module.AutomationStats })));

/** What the content manager passes to an edit-view side panel (its types are not exported to plugins). */
interface EditViewPanelProps {
  model: string;
  documentId?: string;
  document?: { id?: number; updatedAt?: string | null } | null;
}

/** The automation's figures beside it in the content manager (registered in `bootstrap`): people per step, sent, exited by reason. */
export function AutomationSidePanel({ model, document }: EditViewPanelProps) {
  const t = useTranslate();
  if (model !== AUTOMATION_UID) return null;
  return {
    title: t('automations.stats.title'),
    content: document?.id ? (
      <React.Suspense fallback={<Loader small>{t('automations.stats.loading')}</Loader>}>
        {/* A save (switched on or off, steps changed) changes the figures. */}
        <AutomationStats key={document.updatedAt ?? ''} automationId={document.id} />
      </React.Suspense>
    ) : (
      <Typography variant="pi" textColor="neutral600">
        {t('automations.stats.saveFirst')}
      </Typography>
    ),
  };
}
