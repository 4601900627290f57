import * as React from 'react';
import { Loader, Typography } from '@strapi/design-system';

import { useTranslate } from '../hooks/useTranslate';
import { NEWSLETTER_UID } from '../utils/paths';

// Loaded only when a newsletter is opened: the admin's entry bundle stays small.
const NewsletterPanel = React.lazy(() => import('./NewsletterPanel').then((module) => ({ default: module.NewsletterPanel })));

/** What the content manager passes to an edit-view side panel (its types are not exported to plugins). */
interface EditViewPanelProps {
  model: string;
  documentId?: string;
  document?: { updatedAt?: string | null } | null;
}

/**
 * The newsletter's side panel in the content manager's edit view (registered in `bootstrap`):
 * only for the newsletter type; its actions need a saved entry.
 */
export function NewsletterSidePanel({ model, documentId, document }: EditViewPanelProps) {
  const t = useTranslate();
  if (model !== NEWSLETTER_UID) return null;
  return {
    title: t('newsletter.panel.title'),
    content: documentId ? (
      <React.Suspense fallback={<Loader small>{t('newsletter.panel.loading')}</Loader>}>
        {/* A save changes the content, and with it the audience and what a test send shows. */}
        <NewsletterPanel key={document?.updatedAt ?? ''} documentId={documentId} />
      </React.Suspense>
    ) : (
      <Typography variant="pi" textColor="neutral600">
        {t('newsletter.panel.saveFirst')}
      </Typography>
    ),
  };
}
