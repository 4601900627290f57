import * as React from 'react';
import { Box, Searchbar } from '@strapi/design-system';

import { useTranslate } from '../hooks/useTranslate';

const DEBOUNCE_MS = 300;

interface ProfileSearchProps {
  /** The search the list currently shows. */
  value: string;
  /** Called once typing pauses, with the trimmed text. */
  onSearch: (text: string) => void;
}

/** Search by email or first name that asks the server only when the editor pauses typing. */
export function ProfileSearch({ value, onSearch }: ProfileSearchProps) {
  const t = useTranslate();
  const [text, setText] = React.useState(value);
  const timer = React.useRef<ReturnType<typeof setTimeout>>();
  const latestOnSearch = React.useRef(onSearch);
  latestOnSearch.current = onSearch;

  React.useEffect(() => () => clearTimeout(timer.current), []);

  // The URL changed from outside (back button, pagination link): show that search.
  React.useEffect(() => {
    setText((current) => (current.trim() === value ? current : value));
  }, [value]);

  const change = (next: string, delay = DEBOUNCE_MS) => {
    setText(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latestOnSearch.current(next.trim()), delay);
  };

    return (
    <Box minWidth="28rem">
      <Searchbar
        name="q"
        type="search"
        value={text}
        onChange={(event) => change(event.target.value)}
        onClear={() => change('', 0)}
        clearLabel={t('profiles.search.clear')}
        placeholder={t('profiles.search.placeholder')}
        autoComplete="off"
      >
        {t('profiles.search.label')}
      </Searchbar>
    </Box>
  );
}
