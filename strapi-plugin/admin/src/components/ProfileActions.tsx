import * as React from 'react';
import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { Download, Mail, Trash, WarningCircle } from '@strapi/icons';
import { isFetchError, useAPIErrorHandler, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import type { ProfileActionResult, ProfileListItem } from '@civic-dialog/contracts';

import { useFileDownload } from '../hooks/useFileDownload';
import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';

type Action = 'erase' | 'resend';

interface ProfileActionsProps {
  profile: Pick<ProfileListItem, 'id' | 'status'>;
  /** After the profile changed on the server (erased, confirmation resent). */
  onChanged: (action: Action) => void;
}

/** Export, resend confirmation and erase for one profile, each only with its permission. */
export function ProfileActions({ profile, onChanged }: ProfileActionsProps) {
  const t = useTranslate();
  const { post } = useFetchClient();
  const { download, downloading } = useFileDownload();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const {
    allowedActions: { canExport, canErase, canUpdate },
    isLoading,
  } = useRBAC([...PERMISSIONS.exportProfiles, ...PERMISSIONS.eraseProfiles, ...PERMISSIONS.updateProfiles]);
  const [running, setRunning] = React.useState<Action>();
  const [confirmingErase, setConfirmingErase] = React.useState(false);
  const base = `/${PLUGIN_ID}/profiles/${profile.id}`;

  const run = async (action: Action, request: () => Promise<void>) => {
    setRunning(action);
    try {
      await request();
      toggleNotification({ type: 'success', message: t(`actions.${action}.done`) });
    } catch (error) {
      const reason = isFetchError(error) ? formatAPIError(error) : error instanceof Error ? error.message : String(error);
      toggleNotification({ type: 'danger', title: t(`actions.${action}.failed`), message: reason });
    } finally {
      setRunning(undefined);
    }
  };

  // The editor's file names the profile (the server's name is the citizen's own export name).
  const exportData = () =>
    download(`${base}/export`, `civic-dialog-profile-${profile.id}-${new Date().toISOString().slice(0, 10)}.json`, {
      keepName: true,
      doneMessage: t('actions.export.done'),
      failedTitle: t('actions.export.failed'),
    });

  const resendConfirmation = () =>
    run('resend', async () => {
      await post<ProfileActionResult>(`${base}/resend-confirmation`, {});
      onChanged('resend');
    });

  const erase = () =>
    run('erase', async () => {
      await post<ProfileActionResult>(`${base}/erase`, { confirm: true });
      setConfirmingErase(false);
      onChanged('erase');
    });

  if (isLoading) return null;
  const erased = profile.status === 'erased';
  return (
    <Flex gap={2} wrap="wrap">
      {canExport && !erased ? (
        <Button variant="secondary" startIcon={<Download />} loading={downloading} onClick={exportData}>
          {t('actions.export.label')}
        </Button>
      ) : null}
      {canUpdate && profile.status === 'pending' ? (
        <Button variant="secondary" startIcon={<Mail />} loading={running === 'resend'} onClick={resendConfirmation}>
          {t('actions.resend.label')}
        </Button>
      ) : null}
      {canErase && !erased ? (
        <Dialog.Root open={confirmingErase} onOpenChange={setConfirmingErase}>
          <Dialog.Trigger>
            <Button variant="danger-light" startIcon={<Trash />}>
              {t('actions.erase.label')}
            </Button>
          </Dialog.Trigger>
          <Dialog.Content>
            <Dialog.Header>{t('actions.erase.title')}</Dialog.Header>
            <Dialog.Body icon={<WarningCircle fill="danger600" />}>
              <Flex direction="column" gap={2} alignItems="stretch">
                <Typography textAlign="center">{t('actions.erase.body')}</Typography>
                <Typography textAlign="center" fontWeight="semiBold">
                  {t('actions.erase.irreversible')}
                </Typography>
              </Flex>
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.Cancel>
                <Button fullWidth variant="tertiary">
                  {t('actions.erase.cancel')}
                </Button>
              </Dialog.Cancel>
              <Button
                fullWidth
                variant="danger"
                startIcon={<Trash />}
                loading={running === 'erase'}
                onClick={erase}
              >
                {t('actions.erase.confirm')}
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Root>
      ) : null}
    </Flex>
  );
}
