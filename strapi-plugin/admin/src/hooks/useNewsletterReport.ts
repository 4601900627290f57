import * as React from 'react';
import type { NewsletterReport } from '@civic-dialog/contracts';

import { PLUGIN_ID } from '../pluginId';
import { REPORT_POLL_MS, isRunning } from '../utils/newsletters';
import { useAdminGet } from './useAdminGet';

/** A scheduled send starts by itself; look now and then so the panel notices. */
const SCHEDULED_POLL_MS = 15_000;

/** One newsletter's report, fetched again every 2 s while it sends (the live progress bar). */
export function useNewsletterReport(documentId: string) {
  const report = useAdminGet<NewsletterReport>(`/${PLUGIN_ID}/newsletters/${encodeURIComponent(documentId)}/report`);
  const { data, loading, reload } = report;
  const status = data?.status;

  React.useEffect(() => {
    if (loading || !status) return;
    const delay = isRunning(status) ? REPORT_POLL_MS : status === 'scheduled' ? SCHEDULED_POLL_MS : undefined;
    if (delay === undefined) return;
    // A timeout after each answer (not an interval): a slow answer never piles up requests.
    const timer = window.setTimeout(reload, delay);
    return () => window.clearTimeout(timer);
  }, [loading, status, data, reload]);

  return report;
}
