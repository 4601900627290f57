import * as React from 'react';
import { Field, TextInput } from '@strapi/design-system';

interface TextFieldProps {
  label: string;
  hint?: string;
  value: string;
  type?: 'text' | 'number' | 'date';
  required?: boolean;
  disabled?: boolean;
  error?: string;
  /** data-focus name: where focus goes after an add. */
  focusId?: string;
  onChange: (value: string) => void;
}

/** A labelled text input; its hint and error are tied to it (aria-describedby, by Field.Root). */
export function TextField({ label, hint, value, type = 'text', required, disabled, error, focusId, onChange }: TextFieldProps) {
  return (
    <Field.Root error={error} hint={hint} required={required}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        type={type}
        value={value}
        disabled={disabled}
        data-focus={focusId}
        onChange={(change: React.ChangeEvent<HTMLInputElement>) => onChange(change.target.value)}
        onKeyDown={(key: React.KeyboardEvent<HTMLInputElement>) => {
          // Enter would submit (save) the content manager's form around the builder.
          if (key.key === 'Enter') key.preventDefault();
        }}
      />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
