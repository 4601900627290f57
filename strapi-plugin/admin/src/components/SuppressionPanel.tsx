import * as React from 'react';
import { Box, Button, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { isFetchError, useAPIErrorHandler, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';

import { DetailSection } from './DetailSection';
import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';

/** What the `bounces` section of the profile holds about a suppression (features/bounces exportOf). */
interface SuppressionItem {
  status: string;
  suppressionId?: number;
  reason?: string;
  address?: string;
  suppressedAt?: string;
}

const NOTE_MIN = 3;
const NOTE_MAX = 500;

/**
 * The profile's suppressed address (after bounces or a complaint) and, for an editor with the
 * permission, the form that lifts it with a note (audited on the server).
 */
export function SuppressionPanel({ items, onLifted }: { items: unknown; onLifted: () => void }) {
  const t = useTranslate();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const {
    allowedActions: { canLift },
  } = useRBAC(PERMISSIONS.liftSuppressions);
  const [note, setNote] = React.useState('');
  const [error, setError] = React.useState<string>();
  const [sending, setSending] = React.useState(false);
  const active = (Array.isArray(items) ? (items as SuppressionItem[]) : []).find((item) => item.status === 'suppressed' && item.suppressionId);
  if (!active) return null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = note.trim();
    if (trimmed.length < NOTE_MIN) {
      setError(t('bounces.lift.noteTooShort', { min: NOTE_MIN }));
      return;
    }
    setError(undefined);
    setSending(true);
    try {
      await post(`/${PLUGIN_ID}/bounces/suppressions/${active.suppressionId}/lift`, { note: trimmed });
      toggleNotification({ type: 'success', message: t('bounces.lift.done') });
      setNote('');
      onLifted();
    } catch (failure) {
      const reason = isFetchError(failure) ? formatAPIError(failure) : failure instanceof Error ? failure.message : String(failure);
      toggleNotification({ type: 'danger', title: t('bounces.lift.failed'), message: reason });
    } finally {
      setSending(false);
    }
  };

  return (
    <DetailSection id="suppression" title={t('bounces.suppression.title')} description={t('bounces.suppression.description')}>
      <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography>
            {t(`bounces.reason.${active.reason ?? 'hard-bounce'}`)}
            {active.address ? ` — ${active.address}` : ''}
          </Typography>
          {canLift ? (
            <form onSubmit={submit} noValidate>
              <Flex direction="column" alignItems="stretch" gap={3}>
                <Field.Root name="liftNote" error={error} hint={t('bounces.lift.noteHint')} required>
                  <Field.Label>{t('bounces.lift.note')}</Field.Label>
                  <Textarea value={note} maxLength={NOTE_MAX} onChange={(change: React.ChangeEvent<HTMLTextAreaElement>) => setNote(change.target.value)} />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
                <Box>
                  <Button type="submit" loading={sending} variant="secondary">
                    {t('bounces.lift.button')}
                  </Button>
                </Box>
              </Flex>
            </form>
          ) : null}
        </Flex>
      </Box>
    </DetailSection>
  );
}
