import * as React from 'react';
import { Box, Field, Flex, Grid, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';

import { useTranslate } from '../hooks/useTranslate';
import { DATE_CONDITIONS, TRIGGER_TYPES, triggerFromStored, triggerProblems, triggerToStored, type TriggerDraft } from '../utils/automationDrafts';
import { useDraftList, type CustomFieldInputProps } from './ListBuilder';
import { AutomationEntryTypeSelect } from './AutomationEntryTypeSelect';
import { AutomationTopicSelect } from './AutomationTopicSelect';
import { TextField } from './TextField';

const fromStored = (value: unknown) => [triggerFromStored(value)];
const toStored = (drafts: TriggerDraft[]) => triggerToStored(drafts[0]!);

/**
 * An automation's trigger (custom field automation-trigger): what starts it — a confirmed
 * subscription, a published event or entry (any or one topic; an entry of any or one configured
 * content type), or a date condition checked daily. The
 * value stays the contract's JSON; checked on every change, again by the server on save.
 */
function AutomationTrigger({ name, label, hint, required, disabled, value, error, onChange }: CustomFieldInputProps) {
  const t = useTranslate();
  const { drafts, update, root } = useDraftList({ name, value, onChange }, fromStored, toStored);
  const draft = drafts[0]!;
  const change = (patch: Partial<TriggerDraft>) => update((list) => [{ ...list[0]!, ...patch }]);
  const problems = React.useMemo(() => triggerProblems(draft), [draft]);
  const errorOf = (field: string) => (problems[field] ? t(`automations.error.${problems[field]}`) : undefined);
  const ids = React.useId();

  // A new automation has no trigger yet: the one the form shows becomes its value.
  React.useEffect(() => {
    if (value === null || value === undefined || value === '') onChange(name, triggerToStored(draft));
    // Only for the value the form opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const describedBy = [hint ? `${ids}-hint` : '', error ? `${ids}-server` : ''].filter(Boolean).join(' ');
  return (
    <Box tag="fieldset" ref={root} aria-describedby={describedBy || undefined} data-automation-trigger="" padding={0} borderWidth={0}>
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
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root error={errorOf('type')} required>
              <Field.Label>{t('automations.trigger.type')}</Field.Label>
              <SingleSelect value={draft.type} disabled={disabled} onChange={(type) => change({ type: String(type) })}>
                {TRIGGER_TYPES.map((type) => (
                  <SingleSelectOption key={type} value={type}>
                    {t(`automations.trigger.type.${type}`)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          {draft.type === 'date' ? (
            <>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                <Field.Root error={errorOf('condition')} required>
                  <Field.Label>{t('automations.trigger.condition')}</Field.Label>
                  <SingleSelect value={draft.condition} disabled={disabled} onChange={(condition) => change({ condition: String(condition) })}>
                    {DATE_CONDITIONS.map((condition) => (
                      <SingleSelectOption key={condition} value={condition}>
                        {t(`automations.trigger.condition.${condition}`)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={2} s={12} direction="column" alignItems="stretch">
                <TextField
                  type="number"
                  label={t(draft.condition === 'pending-for-days' ? 'automations.trigger.amount.days' : 'automations.trigger.amount.months')}
                  value={draft.amount}
                  required
                  disabled={disabled}
                  error={errorOf('amount')}
                  onChange={(amount) => change({ amount })}
                />
              </Grid.Item>
            </>
          ) : (
            <>
              {draft.type === 'entry-published' ? (
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <AutomationEntryTypeSelect
                    label={t('automations.trigger.contentType')}
                    hint={t('automations.trigger.contentTypeHint')}
                    anyLabel={t('automations.trigger.anyContentType')}
                    value={draft.contentType ?? ''}
                    disabled={disabled}
                    error={errorOf('contentType')}
                    onChange={(contentType) => change({ contentType })}
                  />
                </Grid.Item>
              ) : null}
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <AutomationTopicSelect
                  label={t('automations.trigger.topic')}
                  hint={t(`automations.trigger.topicHint.${draft.type === 'event-published' ? 'event' : draft.type === 'entry-published' ? 'entry' : 'subscription'}`)}
                  anyLabel={t('automations.trigger.anyTopic')}
                  value={draft.topic}
                  disabled={disabled}
                  error={errorOf('topic')}
                  onChange={(topic) => change({ topic })}
                />
              </Grid.Item>
            </>
          )}
        </Grid.Root>
        {draft.type === 'date' ? (
          <Typography tag="p" variant="pi" textColor="neutral600">
            {t('automations.trigger.dateHint')}
          </Typography>
        ) : null}
        {error ? (
          <Typography tag="p" id={`${ids}-server`} variant="pi" textColor="danger600">
            {t('automations.error.server')}
          </Typography>
        ) : null}
      </Flex>
    </Box>
  );
}

export const AutomationTriggerInput = React.forwardRef<unknown, CustomFieldInputProps>((props, _ref) => <AutomationTrigger {...props} />);
