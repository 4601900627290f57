import { Box, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import type { TopicList } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';

interface TopicFilterProps {
  /** The slug the list is filtered by. */
  value: string | undefined;
  onChange: (slug: string | undefined) => void;
}

/** Filter profiles by a topic they are subscribed to; the topics come from the public topics route. */
export function TopicFilter({ value, onChange }: TopicFilterProps) {
  const t = useTranslate();
  const { locale } = useIntl();
  const { data } = useAdminGet<TopicList>(`/api/${PLUGIN_ID}/topics`, { locale: locale.startsWith('en') ? 'en' : 'de' });
  return (
    <Box minWidth="20rem">
      <SingleSelect
        aria-label={t('profiles.topicFilter.label')}
        placeholder={t('profiles.topicFilter.all')}
        value={value ?? null}
        onChange={(slug) => onChange(String(slug))}
        onClear={() => onChange(undefined)}
        clearLabel={t('profiles.topicFilter.clear')}
        disabled={!data}
      >
        {(data?.data ?? []).map((topic) => (
          <SingleSelectOption key={topic.slug} value={topic.slug}>
            {topic.name}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Box>
  );
}
