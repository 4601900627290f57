import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import type { TopicList } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';

import { useAdminGet } from '../hooks/useAdminGet';
import { PLUGIN_ID } from '../pluginId';

interface AutomationTopicSelectProps {
  label: string;
  hint?: string;
  /** A slug; '' = none chosen (or "any topic" when `anyLabel` is given). */
  value: string;
  /** Offers "any topic" as the value ''. */
  anyLabel?: string;
  required?: boolean;
  disabled?: boolean;
  error?: string;
  focusId?: string;
  onChange: (slug: string) => void;
}

/** A topic of the town, by name (the public topics route); a stored slug that is no topic (any more) stays selectable, so it is not lost unseen. */
export function AutomationTopicSelect({ label, hint, value, anyLabel, required, disabled, error, focusId, onChange }: AutomationTopicSelectProps) {
  const { locale } = useIntl();
  const { data } = useAdminGet<TopicList>(`/api/${PLUGIN_ID}/topics`, { locale: locale.startsWith('en') ? 'en' : 'de' });
  const topics = data?.data ?? [];
  const unknown = value && !topics.some((topic) => topic.slug === value) ? [{ slug: value, name: value }] : [];
  return (
    <Field.Root error={error} hint={hint} required={required}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect value={value || (anyLabel ? '' : null)} disabled={disabled} data-focus={focusId} onChange={(slug) => onChange(String(slug))}>
        {anyLabel ? <SingleSelectOption value="">{anyLabel}</SingleSelectOption> : null}
        {[...unknown, ...topics].map((topic) => (
          <SingleSelectOption key={topic.slug} value={topic.slug}>
            {topic.name}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
