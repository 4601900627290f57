import { Typography } from '@strapi/design-system';
import { PaperPlane } from '@strapi/icons';
import type { AlertAudience } from '@civic-dialog/contracts';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { ConfirmButton } from './ConfirmButton';

interface AlertSendButtonProps {
  alertId: number;
  sending: boolean;
  onSend: () => Promise<unknown>;
}

/**
 * "Warnung senden": the dialog counts the recipients again when it opens (GET …/alerts/:id/audience)
 * and names them per channel; "Jetzt senden" acts only on a count it knows.
 */
export function AlertSendButton({ alertId, sending, onSend }: AlertSendButtonProps) {
  const t = useTranslate();
  const audience = useAdminGet<AlertAudience>(`/${PLUGIN_ID}/alerts/${alertId}/audience`);
  const counts = audience.data?.data;
  const counting = audience.loading;
  const sentence = counting || !counts
    ? t('alerts.send.counting')
    : counts.sms === null
      ? t('alerts.send.audienceNoSms', { mail: counts.mail })
      : t('alerts.send.audience', { mail: counts.mail, sms: counts.sms });
  return (
    <ConfirmButton
      label={t('alerts.send.label')}
      canOpen={() => {
        audience.reload();
        return true;
      }}
      title={t('alerts.send.dialogTitle')}
      body={
        audience.error && !counting ? (
          <Typography role="alert" textAlign="center" textColor="danger700">
            {audience.error.message}
          </Typography>
        ) : (
          <Typography role="status" textAlign="center" fontWeight="semiBold">
            {sentence}
          </Typography>
        )
      }
      confirmLabel={t('alerts.send.confirm')}
      startIcon={<PaperPlane />}
      loading={sending}
      confirmDisabled={counting || !counts}
      confirmLoading={counting}
      onConfirm={onSend}
    />
  );
}
