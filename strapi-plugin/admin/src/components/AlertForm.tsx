import * as React from 'react';
import { Box, Button, Field, Flex, Grid, SingleSelect, SingleSelectOption, TextInput, Textarea, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { ALERT_MAIL_TEXT_MAX, smsLength, type AdminAlert } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';

import { useAdminAction } from '../hooks/useAdminAction';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import {
  SEVERITIES,
  SHORT_TEXT_MAX,
  alertRequest,
  checkAlertDraft,
  emptyAlertDraft,
  firstProblemField,
  problemsOf,
  type AlertDraft,
  type AlertField,
  type AlertProblem,
  type AlertProblems,
} from '../utils/alertDraft';
import { AlertAreaField } from './AlertAreaField';

/** The limit each text field's "too long" names. */
const MAX_OF: Partial<Record<AlertField, number>> = { shortTextDe: SHORT_TEXT_MAX, shortTextEn: SHORT_TEXT_MAX, mailTextDe: ALERT_MAIL_TEXT_MAX, mailTextEn: ALERT_MAIL_TEXT_MAX };

/**
 * Writing an alert: short texts de/en with their SMS length, mail texts, severity, area, valid
 * until. Checked with the server's schema before saving; a field's problem is shown at the field
 * (and the first such field gets the focus), the server's 400 the same way. Saved as a draft.
 */
export function AlertForm({ onSaved }: { onSaved: (alert: AdminAlert) => void }) {
  const t = useTranslate();
  const formRef = React.useRef<HTMLFormElement>(null);
  const [draft, setDraft] = React.useState<AlertDraft>(() => emptyAlertDraft());
  const [problems, setProblems] = React.useState<AlertProblems>({});
  const { run, running, outcome } = useAdminAction<'save'>();

  const change = (patch: Partial<AlertDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    // A corrected field loses its message; the others keep theirs until the next save.
    setProblems((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch)) delete next[(['wholeTown', 'districts', 'postalCodes'].includes(key) ? 'area' : key) as AlertField];
      return next;
    });
  };

  const showProblems = (found: AlertProblems) => {
    setProblems(found);
    const field = firstProblemField(found);
    // After React has rendered the messages, so the field is read with its error.
    if (!field) return;
    window.requestAnimationFrame(() => {
      const target = formRef.current?.querySelector<HTMLElement>(`[data-field="${field}"]`);
      // The area is a radio group: its chosen radio takes the focus.
      const focusable = target?.getAttribute('role') === 'radiogroup' ? target.querySelector<HTMLElement>('[role="radio"][aria-checked="true"], [role="radio"]') : target;
      focusable?.focus();
    });
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const checked = checkAlertDraft(draft);
    if (checked.problems) return showProblems(checked.problems);
    setProblems({});
    const result = await run('save', 'POST', `/${PLUGIN_ID}/alerts`, alertRequest(draft));
    if (result.ok) return onSaved(result.data as AdminAlert);
    const details = (result.failure?.error?.details as { errors?: Array<{ path: string[]; message: string }> } | undefined)?.errors;
    if (result.failure?.status === 400 && details?.length) showProblems(problemsOf(details));
  };

  const error = (field: AlertField) => problemText(t, problems[field], MAX_OF[field]);
  const refused = outcome && !outcome.ok && !(outcome.failure?.status === 400 && Object.keys(problems).length);

  return (
    <form ref={formRef} noValidate onSubmit={save} aria-describedby={Object.keys(problems).length ? 'civic-dialog-alert-problems' : undefined}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <ShortTextField field="shortTextDe" value={draft.shortTextDe} required error={error('shortTextDe')} onChange={(shortTextDe) => change({ shortTextDe })} />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <ShortTextField field="shortTextEn" value={draft.shortTextEn} error={error('shortTextEn')} onChange={(shortTextEn) => change({ shortTextEn })} />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <MailTextField field="mailTextDe" value={draft.mailTextDe} error={error('mailTextDe')} onChange={(mailTextDe) => change({ mailTextDe })} />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <MailTextField field="mailTextEn" value={draft.mailTextEn} error={error('mailTextEn')} onChange={(mailTextEn) => change({ mailTextEn })} />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="severity" error={error('severity')} required>
              <Field.Label>{t('alerts.field.severity')}</Field.Label>
              <SingleSelect data-field="severity" value={draft.severity} onChange={(severity: string | number) => change({ severity: String(severity) })}>
                {SEVERITIES.map((severity) => (
                  <SingleSelectOption key={severity} value={severity}>
                    {t(`alerts.severity.${severity}`)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="validUntil" error={error('validUntil')} hint={t('alerts.hint.validUntil')} required>
              <Field.Label>{t('alerts.field.validUntil')}</Field.Label>
              <TextInput
                data-field="validUntil"
                type="datetime-local"
                value={draft.validUntil}
                onChange={(input: React.ChangeEvent<HTMLInputElement>) => change({ validUntil: input.target.value })}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
        <AlertAreaField draft={draft} error={error('area')} onChange={change} />
        {Object.keys(problems).length ? (
          <Typography id="civic-dialog-alert-problems" role="alert" textColor="danger700">
            {t('alerts.problems')}
          </Typography>
        ) : null}
        {refused ? (
          <Box role="alert" background="danger100" borderColor="danger200" hasRadius padding={3}>
            <Typography textColor="danger700">{t('alerts.saveFailed', { detail: outcome.message ?? '' })}</Typography>
          </Box>
        ) : null}
        <Flex>
          <Button type="submit" startIcon={<Check />} loading={running === 'save'}>
            {t('alerts.save')}
          </Button>
        </Flex>
      </Flex>
    </form>
  );
}

/** A problem's text in the editor's language (the contracts' rule, named by message id). */
function problemText(t: ReturnType<typeof useTranslate>, problem: AlertProblem | undefined, max?: number) {
  return problem ? t(`alerts.error.${problem}`, { max: max ?? 0 }) : undefined;
}

interface TextProps {
  field: 'shortTextDe' | 'shortTextEn' | 'mailTextDe' | 'mailTextEn';
  value: string;
  error?: string;
  required?: boolean;
  onChange: (value: string) => void;
}

/** A short text with its live length: characters, SMS segments and encoding (the contracts' counter, GSM-7 vs UCS-2). */
function ShortTextField({ field, value, error, required, onChange }: TextProps) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const length = smsLength(value);
  const count = t('alerts.count', { characters: length.characters, max: SHORT_TEXT_MAX, segments: length.segments, encoding: length.encoding });
  const hint = [field === 'shortTextEn' ? t('alerts.hint.shortTextEn') : '', count, length.encoding === 'UCS-2' && length.characters ? t('alerts.count.ucs2') : '']
    .filter(Boolean)
    .join(' ');
  return (
    <Field.Root name={field} error={error} hint={hint} required={required}>
      <Field.Label>{t(`alerts.field.${field}`)}</Field.Label>
      <Textarea data-field={field} value={value} rows={3} onChange={(input: React.ChangeEvent<HTMLTextAreaElement>) => onChange(input.target.value)} />
      <Field.Hint />
      <Field.Error />
      {/* The count stays in sight when the error takes the hint's place. */}
      {error ? (
        <Typography variant="pi" textColor="neutral600">
          {formatNumber(length.characters)} / {formatNumber(SHORT_TEXT_MAX)}
        </Typography>
      ) : null}
    </Field.Root>
  );
}

function MailTextField({ field, value, error, onChange }: TextProps) {
  const t = useTranslate();
  return (
    <Field.Root name={field} error={error} hint={t('alerts.hint.mailText')}>
      <Field.Label>{t(`alerts.field.${field}`)}</Field.Label>
      <Textarea data-field={field} value={value} rows={5} onChange={(input: React.ChangeEvent<HTMLTextAreaElement>) => onChange(input.target.value)} />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
