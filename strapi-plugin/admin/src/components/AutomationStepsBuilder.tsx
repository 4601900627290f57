import * as React from 'react';
import { Box, Field, Flex, Grid, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';

import { useTranslate } from '../hooks/useTranslate';
import {
  ACTION_KINDS,
  CONDITION_KINDS,
  LANGUAGES,
  STEP_TYPES,
  WEEKDAYS,
  newStep,
  stepsFromStored,
  stepsProblems,
  stepsToStored,
  withType,
  type StepDraft,
} from '../utils/automationDrafts';
import { blocksFromText, type BlockDraft } from '../utils/mailBlockDrafts';
import { move } from '../utils/storedList';
import { AutomationTopicSelect } from './AutomationTopicSelect';
import { MailBlocksBuilder } from './MailBlocksBuilder';
import { ItemActions, ListFieldset, focusAfterRemove, useDraftList, type CustomFieldInputProps, type UpdateList } from './ListBuilder';
import { TextField } from './TextField';

type Translate = ReturnType<typeof useTranslate>;

/**
 * An automation's steps (custom field automation-steps): a list, run from top to bottom — wait,
 * wait until a weekday and hour, send a mail (German and English), continue only if a condition
 * holds, or an action. Add, move (buttons) and remove; the value stays the contract's JSON.
 */
function AutomationSteps({ name, label, hint, required, disabled, value, error, onChange }: CustomFieldInputProps) {
  const t = useTranslate();
  const { drafts, update, root } = useDraftList({ name, value, onChange }, stepsFromStored, stepsToStored);
  const problems = React.useMemo(() => stepsProblems(drafts), [drafts]);
  const problemTexts = [...problems.list.map((id) => t(`automations.error.${id}`)), ...(error ? [t('automations.error.server')] : [])];

  return (
    <ListFieldset
      root={root}
      label={label}
      required={required}
      hint={hint}
      emptyText={t('automations.steps.empty')}
      problems={problemTexts}
      addLabel={t('automations.steps.add')}
      addFocus="add-step"
      onAdd={() => {
        const added = newStep('send-mail', drafts);
        update((list) => [...list, added], `${added.key}-type`);
      }}
      disabled={disabled}
      marker={{ 'data-automation-steps': '' }}
      gap={4}
    >
      {drafts.map((draft, index) => (
        <StepFields key={draft.key} t={t} draft={draft} index={index} count={drafts.length} drafts={drafts} problems={problems.steps[index] ?? {}} update={update} disabled={disabled} />
      ))}
    </ListFieldset>
  );
}

interface StepFieldsProps {
  t: Translate;
  draft: StepDraft;
  drafts: StepDraft[];
  index: number;
  count: number;
  problems: Record<string, string>;
  update: UpdateList<StepDraft>;
  disabled?: boolean;
}

function StepFields({ t, draft, drafts, index, count, problems, update, disabled }: StepFieldsProps) {
  const number = index + 1;
  const change = (patch: Partial<StepDraft>) => update((list) => list.map((item, at) => (at === index ? { ...item, ...patch, touched: true } : item)));
  const errorOf = (field: string) => (problems[field] ? t(`automations.error.${problems[field]}`) : undefined);
  const remove = () => update((list) => list.filter((_, at) => at !== index), focusAfterRemove(drafts, index, 'type', 'add-step'));
  const select = (field: keyof StepDraft, options: readonly (string | number)[], labelId: string, optionLabel: (option: string) => string, focusId?: string) => (
    <Field.Root error={errorOf(field)} required>
      <Field.Label>{t(labelId)}</Field.Label>
      <SingleSelect
        value={String(draft[field])}
        disabled={disabled}
        data-focus={focusId}
        onChange={(chosen) =>
          field === 'type' ? update((list) => list.map((item, at) => (at === index ? withType(item, String(chosen)) : item))) : change({ [field]: String(chosen) })
        }
      >
        {options.map((option) => (
          <SingleSelectOption key={option} value={String(option)}>
            {optionLabel(String(option))}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Error />
    </Field.Root>
  );
  const numberField = (field: 'days' | 'hours' | 'minutes' | 'hour') => (
    <TextField type="number" label={t(`automations.step.${field}`)} value={draft[field]} required={field === 'hour'} disabled={disabled} error={errorOf(field)} onChange={(typed) => change({ [field]: typed })} />
  );

  return (
    <Box tag="fieldset" padding={4} hasRadius borderColor="neutral200" borderStyle="solid" borderWidth="1px" background="neutral0" data-automation-step={draft.id}>
      <Typography tag="legend" variant="delta" textColor="neutral800">
        {t('automations.step.legend', { number, type: t(`automations.step.type.${draft.type}`) })}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <ItemActions
          move={{
            upLabel: t('automations.step.moveUp', { number }),
            downLabel: t('automations.step.moveDown', { number }),
            itemKey: draft.key,
            index,
            count,
            onMove: (by, focus) => update((list) => move(list, index, by), focus),
          }}
          removeLabel={t('automations.step.remove', { number })}
          onRemove={remove}
          disabled={disabled}
        />
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            {select('type', STEP_TYPES, 'automations.step.type', (type) => t(`automations.step.type.${type}`), `${draft.key}-type`)}
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <TextField label={t('automations.step.id')} hint={t('automations.step.idHint')} value={draft.id} required disabled={disabled} error={errorOf('id')} onChange={(id) => change({ id })} />
          </Grid.Item>
        </Grid.Root>
        {draft.type === 'wait' ? (
          <Grid.Root gap={4}>
            {(['days', 'hours', 'minutes'] as const).map((field) => (
              <Grid.Item key={field} col={4} s={12} direction="column" alignItems="stretch">
                {numberField(field)}
              </Grid.Item>
            ))}
          </Grid.Root>
        ) : null}
        {draft.type === 'wait-until' ? (
          <Grid.Root gap={4}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {select('weekday', WEEKDAYS, 'automations.step.weekday', (weekday) => t(`automations.weekday.${weekday}`))}
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {numberField('hour')}
            </Grid.Item>
          </Grid.Root>
        ) : null}
        {draft.type === 'send-mail' ? <MailFields
            t={t}
            draft={draft}
            errorOf={errorOf}
            change={change}
            setBlocks={(blocks, focus) => update((list) => list.map((item, at) => (at === index ? { ...item, blocks, touched: true } : item)), focus)}
            disabled={disabled}
          /> : null}
        {draft.type === 'condition' ? (
          <Grid.Root gap={4}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {select('conditionKind', CONDITION_KINDS, 'automations.step.conditionKind', (kind) => t(`automations.condition.${kind}`))}
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {draft.conditionKind === 'topic' ? (
                <AutomationTopicSelect label={t('automations.step.topic')} value={draft.topic} required disabled={disabled} error={errorOf('topic')} onChange={(topic) => change({ topic })} />
              ) : null}
              {draft.conditionKind === 'language' ? select('language', LANGUAGES, 'automations.step.language', (language) => t(`automations.language.${language}`)) : null}
              {draft.conditionKind === 'district' ? (
                <TextField label={t('automations.step.district')} value={draft.district} required disabled={disabled} error={errorOf('district')} onChange={(district) => change({ district })} />
              ) : null}
              {draft.conditionKind === 'answered-survey' ? (
                <TextField label={t('automations.step.survey')} hint={t('automations.step.surveyHint')} value={draft.survey} disabled={disabled} error={errorOf('survey')} onChange={(survey) => change({ survey })} />
              ) : null}
            </Grid.Item>
          </Grid.Root>
        ) : null}
        {draft.type === 'condition' ? (
          <Typography tag="p" variant="pi" textColor="neutral600">
            {t('automations.step.conditionHint')}
          </Typography>
        ) : null}
        {draft.type === 'action' ? (
          <Grid.Root gap={4}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {select('action', ACTION_KINDS, 'automations.step.action', (action) => t(`automations.action.${action}`))}
            </Grid.Item>
            {draft.action === 'add-topic' || draft.action === 'remove-topic' ? (
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <AutomationTopicSelect label={t('automations.step.topic')} value={draft.topic} required disabled={disabled} error={errorOf('topic')} onChange={(topic) => change({ topic })} />
              </Grid.Item>
            ) : null}
          </Grid.Root>
        ) : null}
        {draft.type === 'action' ? (
          <Typography tag="p" variant="pi" textColor="neutral600">
            {t(`automations.action.${draft.action}.hint`)}
          </Typography>
        ) : null}
      </Flex>
    </Box>
  );
}

interface MailFieldsProps {
  t: Translate;
  draft: StepDraft;
  errorOf: (field: string) => string | undefined;
  change: (patch: Partial<StepDraft>) => void;
  /** Replaces the mail's blocks (and focuses `focus` after the render). */
  setBlocks: (blocks: BlockDraft[], focus?: string) => void;
  disabled?: boolean;
}

/**
 * A mail's subject in German and English and its content: a plain text per language (the
 * placeholders it may use are named in the hint) or the newsletter's blocks (MailBlocksBuilder).
 */
function MailFields({ t, draft, errorOf, change, setBlocks, disabled }: MailFieldsProps) {
  const blocks = draft.blocks;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Grid.Root gap={4}>
        {LANGUAGES.map((language) => (
          <Grid.Item key={language} col={6} s={12} direction="column" alignItems="stretch">
            <TextField
              label={t(`automations.step.subject.${language}`)}
              value={draft.subject[language]}
              required
              disabled={disabled}
              error={errorOf(`subject.${language}`)}
              onChange={(text) => change({ subject: { ...draft.subject, [language]: text } })}
            />
          </Grid.Item>
        ))}
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root required hint={t('automations.step.contentHint')}>
            <Field.Label>{t('automations.step.content')}</Field.Label>
            <SingleSelect
              value={blocks ? 'blocks' : 'text'}
              disabled={disabled}
              data-focus={`${draft.key}-content`}
              onChange={(chosen) => (chosen === 'blocks' ? setBlocks(blocksFromText(draft.body), `${draft.key}-content`) : change({ blocks: undefined }))}
            >
              <SingleSelectOption value="text">{t('automations.step.content.text')}</SingleSelectOption>
              <SingleSelectOption value="blocks">{t('automations.step.content.blocks')}</SingleSelectOption>
            </SingleSelect>
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
      {blocks ? (
        <MailBlocksBuilder stepKey={draft.key} blocks={blocks} setBlocks={setBlocks} errorOf={errorOf} disabled={disabled} />
      ) : (
        <Grid.Root gap={4}>
          {LANGUAGES.map((language) => (
            <Grid.Item key={language} col={6} s={12} direction="column" alignItems="stretch">
              <Field.Root error={errorOf(`body.${language}`)} hint={t('automations.step.bodyHint')} required>
                <Field.Label>{t(`automations.step.body.${language}`)}</Field.Label>
                <Textarea value={draft.body[language]} disabled={disabled} rows={8} onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => change({ body: { ...draft.body, [language]: event.target.value } })} />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
          ))}
        </Grid.Root>
      )}
      {errorOf('body') ? (
        <Typography tag="p" variant="pi" textColor="danger600">
          {errorOf('body')}
        </Typography>
      ) : null}
    </Flex>
  );
}

export const AutomationStepsInput = React.forwardRef<unknown, CustomFieldInputProps>((props, _ref) => <AutomationSteps {...props} />);
