import * as React from 'react';
import { Box, Button, Field, Flex, Grid, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';

import { useTranslate } from '../hooks/useTranslate';
import { REMINDER_UNITS, newReminder, reminderProblems, remindersFromStored, remindersToStored, type ReminderDraft, type ReminderUnit } from '../utils/reminderDrafts';
import { TextField } from './TextField';

/** The props the content manager gives a custom field's input (as in QuestionBuilder). */
interface CustomFieldInputProps {
  name: string;
  label: string;
  hint?: React.ReactNode;
  required?: boolean;
  disabled?: boolean;
  value?: unknown;
  error?: unknown;
  onChange: (name: string, value: unknown) => void;
}

/**
 * An event's reminders (custom field reminder-offsets): "1 day", "2 hours" before the start instead
 * of a JSON list of minutes; the value stays that list. Checked with the contract on every change,
 * again by the server on save.
 */
function ReminderBuilder({ name, label, hint, required, disabled, value, error, onChange }: CustomFieldInputProps) {
  const t = useTranslate();
  const [drafts, setDrafts] = React.useState(() => remindersFromStored(value));
  const emitted = React.useRef(JSON.stringify(value ?? null));
  const root = React.useRef<HTMLFieldSetElement>(null);
  const [focus, setFocus] = React.useState<string>();
  const ids = React.useId();

  // A value from outside (the event loaded or saved): start again from it.
  React.useEffect(() => {
    const incoming = JSON.stringify(value ?? null);
    if (incoming === emitted.current) return;
    emitted.current = incoming;
    setDrafts(remindersFromStored(value));
  }, [value]);

  React.useEffect(() => {
    if (!focus) return;
    root.current?.querySelector<HTMLElement>(`[data-focus="${focus}"]`)?.focus();
    setFocus(undefined);
  }, [focus]);

  const update = (next: ReminderDraft[], nextFocus?: string) => {
    setDrafts(next);
    const stored = remindersToStored(next);
    emitted.current = JSON.stringify(stored);
    onChange(name, stored);
    if (nextFocus) setFocus(nextFocus);
  };
  const change = (index: number, patch: Partial<ReminderDraft>) => update(drafts.map((draft, at) => (at === index ? { ...draft, ...patch } : draft)));

  const problems = React.useMemo(() => reminderProblems(drafts), [drafts]);
  const serverError = error ? t('reminders.error.server') : undefined;
  const describedBy = [hint ? `${ids}-hint` : '', problems.list.length || serverError ? `${ids}-errors` : ''].filter(Boolean).join(' ');

  return (
    <Box tag="fieldset" ref={root} aria-describedby={describedBy || undefined} data-reminder-builder="" padding={0} borderWidth={0}>
      <Typography tag="legend" variant="pi" fontWeight="bold" textColor="neutral800">
        {label}
        {required ? <span aria-hidden="true">*</span> : null}
      </Typography>
      {hint ? (
        <Typography tag="p" id={`${ids}-hint`} variant="pi" textColor="neutral600">
          {hint}
        </Typography>
      ) : null}
      <Flex direction="column" alignItems="stretch" gap={3} paddingTop={2}>
        {drafts.length === 0 ? (
          <Typography tag="p" textColor="neutral600">
            {t('reminders.empty')}
          </Typography>
        ) : null}
        {drafts.map((draft, index) => {
          const number = index + 1;
          const problem = problems.questions[index]?.[0];
          return (
            <Box key={draft.key} tag="fieldset" padding={3} hasRadius background="neutral100" borderWidth={0}>
              <Typography tag="legend" variant="pi" fontWeight="bold" textColor="neutral800">
                {t('reminders.reminder', { number })}
              </Typography>
              <Grid.Root gap={3}>
                <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                  <TextField
                    type="number"
                    label={t('reminders.amount')}
                    value={draft.amount}
                    required
                    disabled={disabled}
                    error={problem ? t(`questions.error.${problem.message}`, problem.values) : undefined}
                    focusId={`${draft.key}-amount`}
                    onChange={(amount) => change(index, { amount })}
                  />
                </Grid.Item>
                <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                  <Field.Root required>
                    <Field.Label>{t('reminders.unit')}</Field.Label>
                    <SingleSelect value={draft.unit} disabled={disabled} onChange={(unit) => change(index, { unit: String(unit) as ReminderUnit })}>
                      {(Object.keys(REMINDER_UNITS) as ReminderUnit[]).map((unit) => (
                        <SingleSelectOption key={unit} value={unit}>
                          {t(`reminders.unit.${unit}`)}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={4} s={12} direction="column" alignItems="start" justifyContent="end">
                  <Button
                    type="button"
                    variant="danger-light"
                    size="S"
                    startIcon={<Trash />}
                    disabled={disabled}
                    onClick={() => update(drafts.filter((_, at) => at !== index), 'add-reminder')}
                  >
                    {t('reminders.remove', { number })}
                  </Button>
                </Grid.Item>
              </Grid.Root>
            </Box>
          );
        })}
        {problems.list.length || serverError ? (
          <Box id={`${ids}-errors`}>
            {problems.list.map((problem) => (
              <Typography key={problem.message} tag="p" variant="pi" textColor="danger600">
                {t(`questions.error.${problem.message}`, problem.values)}
              </Typography>
            ))}
            {serverError ? (
              <Typography tag="p" variant="pi" textColor="danger600">
                {serverError}
              </Typography>
            ) : null}
          </Box>
        ) : null}
        <Box>
          <Button
            type="button"
            variant="secondary"
            startIcon={<Plus />}
            disabled={disabled}
            data-focus="add-reminder"
            onClick={() => {
              const added = newReminder();
              update([...drafts, added], `${added.key}-amount`);
            }}
          >
            {t('reminders.add')}
          </Button>
        </Box>
      </Flex>
    </Box>
  );
}

export const ReminderOffsetsInput = React.forwardRef<unknown, CustomFieldInputProps>((props, _ref) => <ReminderBuilder {...props} />);
