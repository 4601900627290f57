import * as React from 'react';
import { useIntl } from 'react-intl';

import { getTranslation } from '../utils/getTranslation';

type Values = Record<string, string | number>;

/** `t('profiles.title')`: the plugin's own messages, without repeating the plugin prefix. */
export function useTranslate() {
  const { formatMessage } = useIntl();
  return React.useCallback(
    (id: string, values?: Values) => formatMessage({ id: getTranslation(id) }, values),
    [formatMessage],
  );
}
