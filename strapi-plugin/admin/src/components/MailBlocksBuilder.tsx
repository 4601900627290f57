import * as React from 'react';
import { Box, Field, Flex, Grid, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';

import { useTranslate } from '../hooks/useTranslate';
import { LANGUAGES } from '../utils/automationDrafts';
import { MAIL_BLOCK_TYPES, blockWithType, isEditable, newBlock, type BlockDraft } from '../utils/mailBlockDrafts';
import { move } from '../utils/storedList';
import { AutomationTopicSelect } from './AutomationTopicSelect';
import { ItemActions, ListFieldset, focusAfterRemove } from './ListBuilder';
import { TextField } from './TextField';

type Translate = ReturnType<typeof useTranslate>;

interface MailBlocksBuilderProps {
  /** The step's key: names the focus targets. */
  stepKey: string;
  blocks: BlockDraft[];
  /** Replaces the blocks; after the render, focus goes to the element with that data-focus name. */
  setBlocks: (blocks: BlockDraft[], focus?: string) => void;
  /** Problems by field below the step ('blocks' for the list, 'blocks.2.alt' for a block's field), in the editor's language. */
  errorOf: (field: string) => string | undefined;
  disabled?: boolean;
}

/**
 * A send-mail step written with the newsletter's blocks: text, image, button, upcoming events, each
 * with its German and English text (English optional, as in a newsletter). Add, move, remove with
 * the list parts the other builders use (ListBuilder); the stored value is the contracts' blocks.
 */
export function MailBlocksBuilder({ stepKey, blocks, setBlocks, errorOf, disabled }: MailBlocksBuilderProps) {
  const t = useTranslate();
  const root = React.useRef<HTMLFieldSetElement>(null);
  const listError = errorOf('blocks');
  return (
    <ListFieldset
      root={root}
      label={t('automations.blocks.label')}
      required
      hint={t('automations.blocks.hint')}
      emptyText={t('automations.blocks.empty')}
      problems={listError ? [listError] : []}
      addLabel={t('automations.blocks.add')}
      addFocus={`${stepKey}-add-block`}
      onAdd={() => {
        const added = newBlock();
        setBlocks([...blocks, added], `${added.key}-type`);
      }}
      disabled={disabled}
      marker={{ 'data-mail-blocks': '' }}
      gap={3}
    >
      {blocks.map((block, index) => (
        <BlockFields
          key={block.key}
          t={t}
          block={block}
          index={index}
          count={blocks.length}
          disabled={disabled}
          errorOf={(field) => errorOf(field ? `blocks.${index}.${field}` : `blocks.${index}`)}
          change={(patch) => setBlocks(blocks.map((item, at) => (at === index ? { ...item, ...patch } : item)))}
          retype={(type) => setBlocks(blocks.map((item, at) => (at === index ? blockWithType(item, type) : item)))}
          moveBy={(by, focus) => setBlocks(move(blocks, index, by), focus)}
          remove={() => setBlocks(blocks.filter((_, at) => at !== index), focusAfterRemove(blocks, index, 'type', `${stepKey}-add-block`))}
        />
      ))}
    </ListFieldset>
  );
}

interface BlockFieldsProps {
  t: Translate;
  block: BlockDraft;
  index: number;
  count: number;
  disabled?: boolean;
  errorOf: (field: string) => string | undefined;
  change: (patch: Partial<BlockDraft>) => void;
  retype: (type: string) => void;
  moveBy: (by: -1 | 1, focus: string) => void;
  remove: () => void;
}

function BlockFields({ t, block, index, count, disabled, errorOf, change, retype, moveBy, remove }: BlockFieldsProps) {
  const number = index + 1;
  const typeName = (MAIL_BLOCK_TYPES as readonly string[]).includes(block.type) || block.original ? t(`automations.blocks.type.${block.type}`) : block.type;
  // A block's own problem (e.g. an empty text) sits at its path; one of a field inside it at the field.
  const own = errorOf('');
  const perLanguage = (field: 'alt' | 'caption' | 'label' | 'heading', required: boolean) =>
    LANGUAGES.map((language) => (
      <Grid.Item key={language} col={6} s={12} direction="column" alignItems="stretch">
        <TextField
          label={t(`automations.blocks.${field}.${language}`)}
          value={block[field][language]}
          required={required && language === 'de'}
          disabled={disabled}
          error={errorOf(language === 'de' ? field : `${field}En`)}
          onChange={(typed) => change({ [field]: { ...block[field], [language]: typed } })}
        />
      </Grid.Item>
    ));
  return (
    <Box tag="fieldset" padding={3} hasRadius borderColor="neutral150" borderStyle="solid" borderWidth="1px" background="neutral100" data-mail-block={block.type}>
      <Typography tag="legend" variant="sigma" textColor="neutral800">
        {t('automations.blocks.legend', { number, type: typeName })}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <ItemActions
          move={{
            upLabel: t('automations.blocks.moveUp', { number }),
            downLabel: t('automations.blocks.moveDown', { number }),
            itemKey: block.key,
            index,
            count,
            onMove: moveBy,
          }}
          removeLabel={t('automations.blocks.remove', { number })}
          onRemove={remove}
          disabled={disabled}
        />
        <Field.Root required error={own}>
          <Field.Label>{t('automations.blocks.type')}</Field.Label>
          <SingleSelect value={block.type} disabled={disabled} data-focus={`${block.key}-type`} onChange={(chosen) => retype(String(chosen))}>
            {[...MAIL_BLOCK_TYPES, ...(isEditable(block) || (MAIL_BLOCK_TYPES as readonly string[]).includes(block.type) ? [] : [block.type])].map((type) => (
              <SingleSelectOption key={type} value={type}>
                {t(`automations.blocks.type.${type}`)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
          <Field.Error />
        </Field.Root>
        {!isEditable(block) ? (
          <Typography tag="p" variant="pi" textColor="neutral600">
            {t('automations.blocks.kept')}
          </Typography>
        ) : null}
        {isEditable(block) && block.type === 'rich-text' ? (
          <Grid.Root gap={3}>
            {LANGUAGES.map((language) => (
              <Grid.Item key={language} col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root error={errorOf(language === 'de' ? 'text' : 'textEn')} hint={t('automations.blocks.textHint')} required={language === 'de'}>
                  <Field.Label>{t(`automations.blocks.text.${language}`)}</Field.Label>
                  <Textarea
                    value={block.text[language]}
                    disabled={disabled}
                    rows={6}
                    onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => change({ text: { ...block.text, [language]: event.target.value } })}
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
            ))}
          </Grid.Root>
        ) : null}
        {isEditable(block) && block.type === 'image' ? (
          <Grid.Root gap={3}>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <TextField label={t('automations.blocks.imageUrl')} hint={t('automations.blocks.imageUrlHint')} value={block.url} required disabled={disabled} error={errorOf('url')} onChange={(url) => change({ url })} />
            </Grid.Item>
            {perLanguage('alt', true)}
            {perLanguage('caption', false)}
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <TextField label={t('automations.blocks.link')} value={block.link} disabled={disabled} error={errorOf('link')} onChange={(link) => change({ link })} />
            </Grid.Item>
          </Grid.Root>
        ) : null}
        {isEditable(block) && block.type === 'button' ? (
          <Grid.Root gap={3}>
            {perLanguage('label', true)}
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <TextField label={t('automations.blocks.buttonUrl')} value={block.url} required disabled={disabled} error={errorOf('url')} onChange={(url) => change({ url })} />
            </Grid.Item>
          </Grid.Root>
        ) : null}
        {isEditable(block) && block.type === 'upcoming-events' ? (
          <Grid.Root gap={3}>
            {perLanguage('heading', false)}
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <AutomationTopicSelect
                label={t('automations.blocks.topic')}
                anyLabel={t('automations.trigger.anyTopic')}
                value={block.topic}
                disabled={disabled}
                error={errorOf('topics')}
                onChange={(topic) => change({ topic })}
              />
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <TextField type="number" label={t('automations.blocks.count')} value={block.count} required disabled={disabled} error={errorOf('count')} onChange={(count) => change({ count })} />
            </Grid.Item>
          </Grid.Root>
        ) : null}
      </Flex>
    </Box>
  );
}
