import * as React from 'react';
import {
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { SURVEY_LIMITS, EVENT_LIMITS } from '@civic-dialog/contracts';

import { useTranslate } from '../hooks/useTranslate';
import { ItemActions, ListFieldset, focusAfterRemove, useDraftList, type CustomFieldInputProps, type UpdateList } from './ListBuilder';
import { TextField } from './TextField';
import {
  QUESTION_TYPES,
  conditionTargets,
  dependentsOf,
  fromStored,
  hasChoices,
  isFormProblem,
  newChoice,
  newQuestion,
  questionProblems,
  removeChoice,
  removeQuestion,
  renameChoice,
  renameQuestion,
  setChoiceLabelDe,
  setQuestionLabelDe,
  textIn,
  toStored,
  type ChoiceDraft,
  type Problem,
  type QuestionDraft,
  type QuestionKind,
  type TextDraft,
} from '../utils/questionDrafts';
import { move } from '../utils/storedList';

type Translate = ReturnType<typeof useTranslate>;
type Update = UpdateList<QuestionDraft>;

const DEFAULT_LENGTH: Record<string, number> = {
  'free-text': SURVEY_LIMITS.defaultFreeTextLength,
  'short-text': EVENT_LIMITS.shortTextLength,
  'long-text': EVENT_LIMITS.longTextLength,
};

/**
 * The questions of a survey or an event's registration form, built with a form instead of JSON
 * (custom fields survey-questions and event-questions; the value stays the JSON the contracts
 * describe). Checked with the contracts on every change; the server checks again on save.
 * Keyboard only: buttons move, add and remove; focus stays on what the editor acted on.
 */
function QuestionBuilder({ kind, name, label, hint, required, disabled, value, error, onChange }: CustomFieldInputProps & { kind: QuestionKind }) {
  const t = useTranslate();
  const list = useDraftList(
    { name, value, onChange },
    (stored) => fromStored(kind, stored),
    (next) => toStored(kind, next),
  );
  const { drafts, root } = list;
  const [listTouched, setListTouched] = React.useState(false);
  const update: Update = (change, nextFocus) => {
    setListTouched(true);
    list.update(change, nextFocus);
  };
  /** Changes question `index` (and marks it as worked on, so its problems show). */
  const updateQuestion = (index: number, change: (draft: QuestionDraft) => QuestionDraft) =>
    update((list) => list.map((draft, at) => (at === index ? { ...change(draft), touched: true } : draft)));

  const problems = React.useMemo(() => questionProblems(kind, drafts), [kind, drafts]);
  const listProblems = listTouched || drafts.length ? problems.list : [];
  // Strapi hands over the server's refusal as a string or as nested paths (questions.0.label.de), in English:
  // say it in the editor's language and show every question's own problems.
  const serverError = error ? t('questions.error.server') : undefined;
  const problemTexts = [...listProblems.map((problem) => t(`questions.error.${problem.message}`, problem.values)), ...(serverError ? [serverError] : [])];

  return (
    <ListFieldset
      root={root}
      label={label}
      required={required}
      hint={hint}
      emptyText={t('questions.empty')}
      problems={problemTexts}
      addLabel={t('questions.add')}
      addFocus="add-question"
      onAdd={() => {
        const added = newQuestion(kind);
        update((list) => [...list, added], `${added.key}-label-de`);
      }}
      disabled={disabled}
      marker={{ 'data-question-builder': kind }}
      gap={4}
    >
      {drafts.map((draft, index) => (
        <QuestionEditor
          key={draft.key}
          kind={kind}
          drafts={drafts}
          index={index}
          problems={(problems.questions[index] ?? []).filter((problem) => draft.touched || serverError || isFormProblem(problem))}
          disabled={disabled}
          t={t}
          update={update}
          updateQuestion={updateQuestion}
        />
      ))}
    </ListFieldset>
  );
}

interface QuestionEditorProps {
  kind: QuestionKind;
  drafts: QuestionDraft[];
  index: number;
  problems: Problem[];
  disabled?: boolean;
  t: Translate;
  update: Update;
  updateQuestion: (index: number, change: (draft: QuestionDraft) => QuestionDraft) => void;
}

/** The words of the first problem of `field`, or undefined. */
function problemText(t: Translate, problems: Problem[], field: string) {
  const problem = problems.find((item) => item.field === field);
  return problem ? t(`questions.error.${problem.message}`, problem.values) : undefined;
}

function QuestionEditor({ kind, drafts, index, problems, disabled, t, update, updateQuestion }: QuestionEditorProps) {
  const draft = drafts[index]!;
  const number = index + 1;
  const { locale } = useIntl();
  // Pressed "remove" while other questions depend on this one: say which, until their conditions change.
  const [removeRefused, setRemoveRefused] = React.useState(false);
  const dependents = dependentsOf(drafts, index);
  // Once nothing depends on it any more, a later dependent does not bring back the old refusal.
  React.useEffect(() => {
    if (!dependents.length) setRemoveRefused(false);
  }, [dependents.length]);
  const refusal = removeRefused && dependents.length
    ? t('questions.removeRefused', {
        number,
        count: dependents.length,
        questions: dependents
          .map((at) => {
            const text = textIn(drafts[at]!.label, locale).trim();
            return text ? t('questions.dependent', { number: at + 1, label: text }) : t('questions.question', { number: at + 1 });
          })
          .join(', '),
      })
    : undefined;
  const remove = () => {
    if (dependents.length) {
      setRemoveRefused(true);
      return;
    }
    update((list) => removeQuestion(list, index), focusAfterRemove(drafts, index, 'question', 'add-question'));
  };
  const errorOf = (field: string) => problemText(t, problems, field);
  const fieldIds = React.useId();
  // Problems of the question as a whole or of a field without an input here.
  const shown = ['id', 'type', 'label.de', 'label.en', 'help.de', 'help.en', 'choices', 'minChoices', 'maxChoices', 'maxLength', 'scale', 'lowLabel.de', 'lowLabel.en', 'highLabel.de', 'highLabel.en', 'min', 'max', 'condition.questionId', 'condition.equals'];
  const other = problems.filter((problem) => !shown.includes(problem.field) && !problem.field.startsWith('choices.'));
  const setText = (field: 'label' | 'help' | 'lowLabel' | 'highLabel', language: keyof TextDraft) => (text: string) =>
    field === 'label' && language === 'de'
      ? update((list) => setQuestionLabelDe(kind, list, index, text).map((item, at) => (at === index ? { ...item, touched: true } : item)))
      : updateQuestion(index, (item) => ({ ...item, [field]: { ...item[field], [language]: text } }));
  const textInputs = (field: 'label' | 'help' | 'lowLabel' | 'highLabel', requiredDe: boolean) => (
    <Grid.Root gap={4}>
      {(['de', 'en'] as const).map((language) => (
        <Grid.Item key={language} col={6} s={12} direction="column" alignItems="stretch">
          <TextField
            label={t(`questions.field.${field}.${language}`)}
            hint={language === 'en' ? t('questions.field.enHint') : undefined}
            value={draft[field][language]}
            required={requiredDe && language === 'de'}
            disabled={disabled}
            error={errorOf(`${field}.${language}`)}
            focusId={`${draft.key}-${field}-${language}`}
            onChange={setText(field, language)}
          />
        </Grid.Item>
      ))}
    </Grid.Root>
  );
  const numberField = (field: 'minChoices' | 'maxChoices' | 'maxLength', hint: string) => (
    <TextField
      type="number"
      label={t(`questions.field.${field}`)}
      hint={hint}
      value={draft[field]}
      disabled={disabled}
      error={errorOf(field)}
      onChange={(text) => updateQuestion(index, (item) => ({ ...item, [field]: text }))}
    />
  );

  return (
    <Box
      tag="fieldset"
      tabIndex={-1}
      data-focus={`${draft.key}-question`}
      aria-describedby={other.length ? `${fieldIds}-other` : undefined}
      padding={4}
      hasRadius
      borderColor="neutral200"
      borderStyle="solid"
      borderWidth="1px"
      background="neutral0"
    >
      <Typography tag="legend" variant="delta" textColor="neutral800">
        {t('questions.question', { number })}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <ItemActions
          move={{
            upLabel: t('questions.moveUp', { number }),
            downLabel: t('questions.moveDown', { number }),
            itemKey: draft.key,
            index,
            count: drafts.length,
            onMove: (by, focus) => update((list) => move(list, index, by), focus),
          }}
          removeLabel={t('questions.remove', { number })}
          onRemove={remove}
          removeDescribedBy={refusal ? `${fieldIds}-refusal` : undefined}
          disabled={disabled}
        />
        {/* Always in the page, so a screen reader announces the refusal when it appears. */}
        <Box id={`${fieldIds}-refusal`} aria-live="polite">
          {refusal ? (
            <Typography tag="p" variant="pi" textColor="danger600">
              {refusal}
            </Typography>
          ) : null}
        </Box>
        {other.length ? (
          <Box id={`${fieldIds}-other`}>
            {other.map((problem) => (
              <Typography key={`${problem.field}-${problem.message}`} tag="p" variant="pi" textColor="danger600">
                {t(`questions.error.${problem.message}`, problem.values)}
              </Typography>
            ))}
          </Box>
        ) : null}
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root error={errorOf('type')} required>
              <Field.Label>{t('questions.field.type')}</Field.Label>
              <SingleSelect
                value={draft.type}
                disabled={disabled}
                onChange={(type) =>
                  updateQuestion(index, (item) => ({
                    ...item,
                    type: String(type),
                    // A choice question needs choices to choose from: two empty ones to fill in.
                    choices: hasChoices(String(type)) && item.choices.length === 0 ? [newChoice(), newChoice()] : item.choices,
                  }))
                }
              >
                {QUESTION_TYPES[kind].map((type) => (
                  <SingleSelectOption key={type} value={type}>
                    {t(`questions.type.${type}`)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <TextField
              label={t('questions.field.id')}
              hint={t('questions.field.idHint')}
              value={draft.id}
              required
              disabled={disabled}
              error={errorOf('id')}
              onChange={(id) => update((list) => renameQuestion(list, index, id).map((item, at) => (at === index ? { ...item, autoId: false, touched: true } : item)))}
            />
          </Grid.Item>
        </Grid.Root>
        {textInputs('label', true)}
        {kind === 'survey' ? textInputs('help', false) : null}
        <Checkbox checked={draft.required} disabled={disabled} onCheckedChange={(checked) => updateQuestion(index, (item) => ({ ...item, required: checked === true }))}>
          {t('questions.field.required')}
        </Checkbox>
        {hasChoices(draft.type) ? <ChoicesEditor kind={kind} drafts={drafts} index={index} problems={problems} disabled={disabled} t={t} update={update} /> : null}
        {kind === 'survey' && draft.type === 'multiple-choice' ? (
          <Grid.Root gap={4}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {numberField('minChoices', t('questions.field.minChoicesHint'))}
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {numberField('maxChoices', t('questions.field.maxChoicesHint'))}
            </Grid.Item>
          </Grid.Root>
        ) : null}
        {DEFAULT_LENGTH[draft.type] ? numberField('maxLength', t('questions.field.maxLengthHint', { default: DEFAULT_LENGTH[draft.type]! })) : null}
        {draft.type === 'free-text' ? (
          <Checkbox checked={draft.multiline} disabled={disabled} onCheckedChange={(checked) => updateQuestion(index, (item) => ({ ...item, multiline: checked === true }))}>
            {t('questions.field.multiline')}
          </Checkbox>
        ) : null}
        {draft.type === 'rating' ? (
          <>
            <Field.Root error={errorOf('scale')} required>
              <Field.Label>{t('questions.field.scale')}</Field.Label>
              <SingleSelect value={draft.scale} disabled={disabled} onChange={(scale) => updateQuestion(index, (item) => ({ ...item, scale: String(scale) }))}>
                {['5', '10'].map((scale) => (
                  <SingleSelectOption key={scale} value={scale}>
                    {t('questions.scale', { max: scale })}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
            {textInputs('lowLabel', false)}
            {textInputs('highLabel', false)}
          </>
        ) : null}
        {draft.type === 'date' ? (
          <Grid.Root gap={4}>
            {(['min', 'max'] as const).map((field) => (
              <Grid.Item key={field} col={6} s={12} direction="column" alignItems="stretch">
                <TextField
                  type="date"
                  label={t(`questions.field.${field}`)}
                  value={draft[field]}
                  disabled={disabled}
                  error={errorOf(field)}
                  onChange={(date) => updateQuestion(index, (item) => ({ ...item, [field]: date }))}
                />
              </Grid.Item>
            ))}
          </Grid.Root>
        ) : null}
        {kind === 'survey' ? <ConditionEditor drafts={drafts} index={index} problems={problems} disabled={disabled} t={t} updateQuestion={updateQuestion} /> : null}
      </Flex>
    </Box>
  );
}

interface ChoicesEditorProps {
  kind: QuestionKind;
  drafts: QuestionDraft[];
  index: number;
  problems: Problem[];
  disabled?: boolean;
  t: Translate;
  update: Update;
}

/** The answers to choose from: add, move, remove; each with its texts and id. */
function ChoicesEditor({ kind, drafts, index, problems, disabled, t, update }: ChoicesEditorProps) {
  const question = drafts[index]!;
  const errorId = React.useId();
  const listError = problemText(t, problems, 'choices');
  const touch = (list: QuestionDraft[]) => list.map((item, at) => (at === index ? { ...item, touched: true } : item));
  const setChoices = (change: (choices: ChoiceDraft[]) => ChoiceDraft[], focus?: string) =>
    update((list) => touch(list.map((item, at) => (at === index ? { ...item, choices: change(item.choices) } : item))), focus);

  return (
    <Box tag="fieldset" aria-describedby={listError ? errorId : undefined} padding={0} borderWidth={0}>
      <Typography tag="legend" variant="sigma" textColor="neutral800">
        {t('questions.choices')}
      </Typography>
      <Flex tag="ol" direction="column" alignItems="stretch" gap={3} paddingTop={2}>
        {question.choices.map((choice, choiceIndex) => {
          const number = choiceIndex + 1;
          const errorOf = (field: string) => problemText(t, problems, `choices.${choiceIndex}.${field}`);
          return (
            <Box tag="li" key={choice.key} background="neutral100" padding={3} hasRadius>
              <Box tag="fieldset" padding={0} borderWidth={0}>
                <Typography tag="legend" variant="pi" fontWeight="bold" textColor="neutral800">
                  {t('questions.choice', { number })}
                </Typography>
                <Grid.Root gap={3}>
                  {(['de', 'en'] as const).map((language) => (
                    <Grid.Item key={language} col={4} s={12} direction="column" alignItems="stretch">
                      <TextField
                        label={t(`questions.choice.label.${language}`)}
                        value={choice.label[language]}
                        required={language === 'de'}
                        disabled={disabled}
                        error={errorOf(`label.${language}`)}
                        focusId={`${choice.key}-label-${language}`}
                        onChange={(text) =>
                          language === 'de'
                            ? update((list) => touch(setChoiceLabelDe(kind, list, index, choiceIndex, text)))
                            : setChoices((choices) => choices.map((item, c) => (c === choiceIndex ? { ...item, label: { ...item.label, en: text } } : item)))
                        }
                      />
                    </Grid.Item>
                  ))}
                  <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                    <TextField
                      label={t('questions.choice.id')}
                      value={choice.id}
                      required
                      disabled={disabled}
                      error={errorOf('id')}
                      onChange={(id) =>
                        update((list) =>
                          touch(renameChoice(list, index, choiceIndex, id)).map((item, at) =>
                            at === index ? { ...item, choices: item.choices.map((c, n) => (n === choiceIndex ? { ...c, autoId: false } : c)) } : item,
                          ),
                        )
                      }
                    />
                  </Grid.Item>
                </Grid.Root>
                <Box paddingTop={2}>
                  <ItemActions
                    move={{
                      upLabel: t('questions.choice.moveUp', { number }),
                      downLabel: t('questions.choice.moveDown', { number }),
                      itemKey: choice.key,
                      index: choiceIndex,
                      count: question.choices.length,
                      onMove: (by, focus) => setChoices((choices) => move(choices, choiceIndex, by), focus),
                    }}
                    removeLabel={t('questions.choice.remove', { number })}
                    onRemove={() => update((list) => touch(removeChoice(list, index, choiceIndex)), `${question.key}-add-choice`)}
                    disabled={disabled}
                  />
                </Box>
              </Box>
            </Box>
          );
        })}
      </Flex>
      {listError ? (
        <Typography tag="p" id={errorId} variant="pi" textColor="danger600">
          {listError}
        </Typography>
      ) : null}
      <Box paddingTop={2}>
        <Button
          type="button"
          variant="secondary"
          size="S"
          startIcon={<Plus />}
          disabled={disabled}
          data-focus={`${question.key}-add-choice`}
          onClick={() => {
            const added = newChoice();
            setChoices((choices) => [...choices, added], `${added.key}-label-de`);
          }}
        >
          {t('questions.choice.add', { number: index + 1 })}
        </Button>
      </Box>
    </Box>
  );
}

interface ConditionEditorProps {
  drafts: QuestionDraft[];
  index: number;
  problems: Problem[];
  disabled?: boolean;
  t: Translate;
  updateQuestion: QuestionEditorProps['updateQuestion'];
}

/** "Show only if question … was answered …": an earlier question and one of its answers. */
function ConditionEditor({ drafts, index, problems, disabled, t, updateQuestion }: ConditionEditorProps) {
  const { condition } = drafts[index]!;
  const { locale } = useIntl();
  const targets = conditionTargets(drafts, index);
  const target = drafts.find((draft) => draft.id === condition.questionId);
  const answers =
    target?.type === 'yes-no'
      ? [
          { value: 'true', label: t('questions.condition.yes') },
          { value: 'false', label: t('questions.condition.no') },
        ]
      : (target?.choices ?? []).filter((choice) => choice.id).map((choice) => ({ value: choice.id, label: textIn(choice.label, locale) || choice.id }));
  const ALWAYS = '-';
  // A condition the list does not offer (a later question): shown by its id so the problem can be read and fixed.
  const stray = condition.questionId && !targets.some((draft) => draft.id === condition.questionId) ? condition.questionId : null;

  return (
    <Box tag="fieldset" padding={0} borderWidth={0}>
      <Typography tag="legend" variant="sigma" textColor="neutral800">
        {t('questions.condition')}
      </Typography>
      <Grid.Root gap={4} paddingTop={2}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root error={problemText(t, problems, 'condition.questionId')} hint={t('questions.condition.questionHint')}>
            <Field.Label>{t('questions.condition.question')}</Field.Label>
            <SingleSelect
              value={condition.questionId || ALWAYS}
              disabled={disabled}
              onChange={(questionId) =>
                updateQuestion(index, (item) => ({ ...item, condition: { questionId: questionId === ALWAYS ? '' : String(questionId), equals: '' } }))
              }
            >
              <SingleSelectOption value={ALWAYS}>{t('questions.condition.always')}</SingleSelectOption>
              {targets.map((draft) => (
                <SingleSelectOption key={draft.key} value={draft.id}>
                  {textIn(draft.label, locale) || draft.id}
                </SingleSelectOption>
              ))}
              {stray ? <SingleSelectOption value={stray}>{stray}</SingleSelectOption> : null}
            </SingleSelect>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        {condition.questionId ? (
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root error={problemText(t, problems, 'condition.equals')} required>
              <Field.Label>{t('questions.condition.equals')}</Field.Label>
              <SingleSelect
                value={condition.equals || null}
                placeholder={t('questions.condition.choose')}
                disabled={disabled}
                onChange={(equals) => updateQuestion(index, (item) => ({ ...item, condition: { ...item.condition, equals: String(equals) } }))}
              >
                {answers.map((answer) => (
                  <SingleSelectOption key={answer.value} value={answer.value}>
                    {answer.label}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        ) : null}
      </Grid.Root>
    </Box>
  );
}

export const SurveyQuestionsInput = React.forwardRef<unknown, CustomFieldInputProps>((props, _ref) => <QuestionBuilder kind="survey" {...props} />);
export const EventQuestionsInput = React.forwardRef<unknown, CustomFieldInputProps>((props, _ref) => <QuestionBuilder kind="event" {...props} />);
