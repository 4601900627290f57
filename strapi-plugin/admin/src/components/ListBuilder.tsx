import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { ArrowDown, ArrowUp, Plus, Trash } from '@strapi/icons';

/**
 * What the list builders share (questions, reminders, automation steps, mail blocks): a custom field whose value is a list, edited as
 * drafts in a fieldset with an "add" button, per item buttons to move and remove, and one box of
 * the list's problems. Keyboard only: after every change focus goes to the element the change names
 * (after a move or a removal: the rule in ItemActions and focusAfterRemove, the same in every list).
 */

/** The props the content manager gives a custom field's input (Strapi 5.54: the field's props and useField's). */
export interface CustomFieldInputProps {
  name: string;
  label: string;
  hint?: React.ReactNode;
  required?: boolean;
  disabled?: boolean;
  value?: unknown;
  error?: unknown;
  onChange: (name: string, value: unknown) => void;
}

/** Changes the drafts and, after the render, focuses the element with that `data-focus` name. */
export type UpdateList<D> = (change: (drafts: D[]) => D[], focus?: string) => void;

/**
 * The drafts of a list-valued custom field. They start from the stored value and start again when
 * a value comes from outside (the document loaded or saved, another locale); every change is handed
 * to the content manager as the stored value.
 */
export function useDraftList<D>(
  { name, value, onChange }: Pick<CustomFieldInputProps, 'name' | 'value' | 'onChange'>,
  fromStored: (value: unknown) => D[],
  toStored: (drafts: D[]) => unknown,
) {
  const [drafts, setDrafts] = React.useState(() => fromStored(value));
  const emitted = React.useRef(JSON.stringify(value ?? null));
  const root = React.useRef<HTMLFieldSetElement>(null);
  const [focus, setFocus] = React.useState<string>();
  const read = React.useRef(fromStored);
  read.current = fromStored;

  React.useEffect(() => {
    const incoming = JSON.stringify(value ?? null);
    if (incoming === emitted.current) return;
    emitted.current = incoming;
    setDrafts(read.current(value));
  }, [value]);

  React.useEffect(() => {
    if (!focus) return;
    root.current?.querySelector<HTMLElement>(`[data-focus="${focus}"]:not([disabled])`)?.focus();
    setFocus(undefined);
  }, [focus]);

  const update: UpdateList<D> = (change, nextFocus) => {
    const next = change(drafts);
    setDrafts(next);
    const stored = toStored(next);
    emitted.current = JSON.stringify(stored);
    onChange(name, stored);
    if (nextFocus) setFocus(nextFocus);
  };
  return { drafts, update, root };
}

interface ListFieldsetProps {
  root: React.RefObject<HTMLFieldSetElement>;
  label: string;
  required?: boolean;
  hint?: React.ReactNode;
  /** Shown when the list is empty. */
  emptyText: string;
  /** The list's own problems and the server's refusal, in the editor's language. */
  problems: string[];
  addLabel: string;
  addFocus: string;
  onAdd: () => void;
  disabled?: boolean;
  /** Marks the builder for tests and styles, e.g. `{ 'data-reminder-builder': '' }`. */
  marker: Record<`data-${string}`, string>;
  gap: number;
  children: React.ReactNode;
}

/** The field's fieldset: its legend and hint, the items, the list's problems and the add button. */
export function ListFieldset({ root, label, required, hint, emptyText, problems, addLabel, addFocus, onAdd, disabled, marker, gap, children }: ListFieldsetProps) {
  const ids = React.useId();
  const describedBy = [hint ? `${ids}-hint` : '', problems.length ? `${ids}-errors` : ''].filter(Boolean).join(' ');
  const empty = React.Children.count(children) === 0;
  return (
    <Box tag="fieldset" ref={root} aria-describedby={describedBy || undefined} {...marker} padding={0} borderWidth={0}>
      <Typography tag="legend" variant="pi" fontWeight="bold" textColor="neutral800">
        {label}
        {required ? <span aria-hidden="true">*</span> : null}
      </Typography>
      {hint ? (
        <Typography tag="p" id={`${ids}-hint`} variant="pi" textColor="neutral600">
          {hint}
        </Typography>
      ) : null}
      <Flex direction="column" alignItems="stretch" gap={gap} paddingTop={2}>
        {empty ? (
          <Typography tag="p" textColor="neutral600">
            {emptyText}
          </Typography>
        ) : null}
        {children}
        {problems.length ? (
          <Box id={`${ids}-errors`}>
            {problems.map((text) => (
              <Typography key={text} tag="p" variant="pi" textColor="danger600">
                {text}
              </Typography>
            ))}
          </Box>
        ) : null}
        <Box>
          <Button type="button" variant="secondary" startIcon={<Plus />} disabled={disabled} data-focus={addFocus} onClick={onAdd}>
            {addLabel}
          </Button>
        </Box>
      </Flex>
    </Box>
  );
}

interface ItemActionsProps {
  /** Move up and down; left out for a list whose order means nothing (reminders). */
  move?: {
    upLabel: string;
    downLabel: string;
    /** The item's key: names its buttons `<key>-up` and `<key>-down`, so focus can follow the moved item. */
    itemKey: string;
    index: number;
    count: number;
    /** Moves the item by one place, then focuses the element with the `data-focus` name `focus`. */
    onMove: (by: -1 | 1, focus: string) => void;
  };
  removeLabel: string;
  onRemove: () => void;
  /** The id of a text that says why removing was refused. */
  removeDescribedBy?: string;
  disabled?: boolean;
}

/**
 * An item's buttons: move up, move down, remove. After a move focus stays on the pressed button,
 * now in the item's new place, or goes to the other one where the pressed one is now disabled (top or bottom).
 */
export function ItemActions({ move, removeLabel, onRemove, removeDescribedBy, disabled }: ItemActionsProps) {
  const up = move ? `${move.itemKey}-up` : '';
  const down = move ? `${move.itemKey}-down` : '';
  return (
    <Flex gap={2} wrap="wrap">
      {move ? (
        <>
          <Button
            type="button"
            variant="tertiary"
            size="S"
            startIcon={<ArrowUp />}
            disabled={disabled || move.index === 0}
            data-focus={up}
            onClick={() => move.onMove(-1, move.index - 1 === 0 ? down : up)}
          >
            {move.upLabel}
          </Button>
          <Button
            type="button"
            variant="tertiary"
            size="S"
            startIcon={<ArrowDown />}
            disabled={disabled || move.index === move.count - 1}
            data-focus={down}
            onClick={() => move.onMove(1, move.index + 1 === move.count - 1 ? up : down)}
          >
            {move.downLabel}
          </Button>
        </>
      ) : null}
      <Button type="button" variant="danger-light" size="S" startIcon={<Trash />} disabled={disabled} aria-describedby={removeDescribedBy} onClick={onRemove}>
        {removeLabel}
      </Button>
    </Flex>
  );
}

/**
 * Where focus goes after item `index` of `items` is removed: to the element `<key>-<target>` of the
 * item that takes its place (the previous one after the last), or to "add" (`addFocus`) when none is left.
 */
export function focusAfterRemove(items: readonly { key: string }[], index: number, target: string, addFocus: string): string {
  const next = items[index + 1] ?? items[index - 1];
  return next ? `${next.key}-${target}` : addFocus;
}
