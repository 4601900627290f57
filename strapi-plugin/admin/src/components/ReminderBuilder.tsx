import * as React from 'react';
import { Box, Field, Grid, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';

import { useTranslate } from '../hooks/useTranslate';
import { REMINDER_UNITS, newReminder, reminderProblems, remindersFromStored, remindersToStored, type ReminderDraft, type ReminderUnit } from '../utils/reminderDrafts';
import { ItemActions, ListFieldset, useDraftList, type CustomFieldInputProps } from './ListBuilder';
import { TextField } from './TextField';

/**
 * An event's reminders (custom field reminder-offsets): "1 day", "2 hours" before the start instead
 * of a JSON list of minutes; the value stays that list. Checked with the contract on every change,
 * again by the server on save.
 */
function ReminderBuilder({ name, label, hint, required, disabled, value, error, onChange }: CustomFieldInputProps) {
  const t = useTranslate();
  const { drafts, update, root } = useDraftList({ name, value, onChange }, remindersFromStored, remindersToStored);
  const change = (index: number, patch: Partial<ReminderDraft>) => update((list) => list.map((draft, at) => (at === index ? { ...draft, ...patch } : draft)));

  const problems = React.useMemo(() => reminderProblems(drafts), [drafts]);
  const problemTexts = [
    ...problems.list.map((problem) => t(`questions.error.${problem.message}`, problem.values)),
    ...(error ? [t('reminders.error.server')] : []),
  ];

  return (
    <ListFieldset
      root={root}
      label={label}
      required={required}
      hint={hint}
      emptyText={t('reminders.empty')}
      problems={problemTexts}
      addLabel={t('reminders.add')}
      addFocus="add-reminder"
      onAdd={() => {
        const added = newReminder();
        update((list) => [...list, added], `${added.key}-amount`);
      }}
      disabled={disabled}
      marker={{ 'data-reminder-builder': '' }}
      gap={3}
    >
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
                <ItemActions
                  removeLabel={t('reminders.remove', { number })}
                  onRemove={() => update((list) => list.filter((_, at) => at !== index), 'add-reminder')}
                  disabled={disabled}
                />
              </Grid.Item>
            </Grid.Root>
          </Box>
        );
      })}
    </ListFieldset>
  );
}

export const ReminderOffsetsInput = React.forwardRef<unknown, CustomFieldInputProps>((props, _ref) => <ReminderBuilder {...props} />);
