import * as React from 'react';
import {
  isFetchError,
  useAPIErrorHandler,
  useFetchClient,
  useNotification,
} from '@strapi/strapi/admin';
import type { AdminRegistration, AdminRegistrationStateResult, RegistrationCheckIn, RegistrationPromote } from '@civic-dialog/contracts';

import { PLUGIN_ID } from '../pluginId';
import { useFileDownload } from './useFileDownload';
import { useTranslate } from './useTranslate';

/** Why promoting failed: `full` means the editor may confirm again to exceed the capacity. */
export type PromoteOutcome = 'promoted' | 'full' | 'failed';

const CONFLICT = 409;

/**
 * The organiser's actions on registrations (RBAC events.manage) and the CSV export; each reports
 * success or the server's message as a notification and calls `onChanged` after a change.
 */
export function useRegistrationActions(onChanged: () => void) {
  const { post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const t = useTranslate();
  /** The registration an action is under way for; its controls wait meanwhile. */
  const [busyId, setBusyId] = React.useState<number>();

  const fail = React.useCallback(
    (reason: unknown) => {
      let message = reason instanceof Error ? reason.message : String(reason);
      if (isFetchError(reason)) {
        try {
          message = formatAPIError(reason) || message;
        } catch {
          // Not in Strapi's error shape: keep the fetch message.
        }
      }
      toggleNotification({ type: 'danger', message });
    },
    [formatAPIError, toggleNotification],
  );

  const checkIn = async (registration: AdminRegistration, attended: boolean) => {
    setBusyId(registration.id);
    try {
      await put<AdminRegistrationStateResult, RegistrationCheckIn>(
        `/${PLUGIN_ID}/event-registrations/${registration.id}/attendance`,
        { attended },
      );
      toggleNotification({ type: 'success', message: t(attended ? 'registrations.checkedIn' : 'registrations.checkInUndone') });
      onChanged();
    } catch (reason) {
      fail(reason);
    } finally {
      setBusyId(undefined);
    }
  };

  const promote = async (registration: AdminRegistration, override = false): Promise<PromoteOutcome> => {
    setBusyId(registration.id);
    try {
      await post<AdminRegistrationStateResult, RegistrationPromote>(
        `/${PLUGIN_ID}/event-registrations/${registration.id}/promote`,
        { override },
      );
      toggleNotification({ type: 'success', message: t('registrations.promoted') });
      onChanged();
      return 'promoted';
    } catch (reason) {
      if (!override && isFetchError(reason) && reason.status === CONFLICT) return 'full';
      fail(reason);
      return 'failed';
    } finally {
      setBusyId(undefined);
    }
  };

  const { download, downloading: exporting } = useFileDownload();
  const exportCsv = (eventId: number, fallbackName: string) =>
    download(`/${PLUGIN_ID}/events-admin/${eventId}/registrations.csv`, fallbackName);

  return { checkIn, promote, exportCsv, busyId, exporting };
}
