import * as React from 'react';
import { Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { Cross, Check } from '@strapi/icons';
import { useRBAC } from '@strapi/strapi/admin';
import type { SmsDoNotContactResult } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';

import { useAdminAction } from '../hooks/useAdminAction';
import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { ActionMessage } from './ActionMessage';
import { ConfirmButton } from './ConfirmButton';
import { DetailSection } from './DetailSection';

/** What the profile's `sms` section holds (features/sms personal-data.ts). */
interface SmsSection {
  phone: string | null;
  pendingPhone: string | null;
  doNotContact: { since: string; reason: string | null } | null;
}

type SmsAction = 'block' | 'allow';

/**
 * The profile's number for SMS and "do not contact by SMS": an editor with profiles.update sets or
 * lifts it (PUT …/profiles/:id/sms-contact, audited); the answer takes the focus.
 */
export function SmsContactPanel({ profileId, section, onChanged }: { profileId: number; section: unknown; onChanged: () => void }) {
  const t = useTranslate();
  const { formatDate } = useIntl();
  const {
    allowedActions: { canUpdate },
  } = useRBAC(PERMISSIONS.updateProfiles);
  const { run, running, outcome, setOutcome } = useAdminAction<SmsAction>();
  const [reason, setReason] = React.useState('');
  const sms = section as SmsSection | undefined;
  if (!sms || (!sms.phone && !sms.pendingPhone)) return null;

  const blocked = sms.doNotContact;
  const action: SmsAction = blocked ? 'allow' : 'block';
  const change = async () => {
    const body = blocked ? { doNotContact: false } : { doNotContact: true, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    const result = await run(action, 'PUT', `/${PLUGIN_ID}/profiles/${profileId}/sms-contact`, body);
    if (!result.ok) setOutcome({ ...result, message: t('detail.sms.failed', { detail: result.message ?? '' }) });
    else setReason('');
    onChanged();
  };

  return (
    <DetailSection id="sms" title={t('detail.sms.title')} description={t('detail.sms.description')}>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography textColor="neutral800">
          {sms.phone ? t('detail.sms.phone', { phone: sms.phone }) : t('detail.sms.pending', { phone: sms.pendingPhone ?? '' })}
        </Typography>
        <Typography textColor={blocked ? 'danger700' : 'neutral800'}>
          {blocked
            ? t('detail.sms.blocked', { date: formatDate(blocked.since, { dateStyle: 'medium', timeStyle: 'short' }), reason: blocked.reason ?? '–' })
            : t('detail.sms.allowed')}
        </Typography>
        {canUpdate ? (
          <Flex direction="column" alignItems="flex-start" gap={2}>
            {blocked ? null : (
              <Field.Root name="smsReason">
                <Field.Label>{t('detail.sms.reason')}</Field.Label>
                <TextInput value={reason} maxLength={255} onChange={(input: React.ChangeEvent<HTMLInputElement>) => setReason(input.target.value)} />
              </Field.Root>
            )}
            <ConfirmButton
              label={t(`detail.sms.${action}.label`)}
              title={t(`detail.sms.${action}.title`)}
              body={t(`detail.sms.${action}.body`)}
              confirmLabel={t(`detail.sms.${action}.confirm`)}
              variant={blocked ? 'secondary' : 'danger-light'}
              startIcon={blocked ? <Check /> : <Cross />}
              loading={running === action}
              onConfirm={change}
            />
          </Flex>
        ) : null}
        <ActionMessage outcome={outcome} actions={['block', 'allow']} success={(done) => t(`detail.sms.${done.action}.done`)} />
      </Flex>
    </DetailSection>
  );
}
