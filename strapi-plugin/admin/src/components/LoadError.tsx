import { Button, EmptyStateLayout } from '@strapi/design-system';
import { ArrowClockwise, WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';

import { getTranslation } from '../utils/getTranslation';

interface LoadErrorProps {
  message: string;
  /** Left out when trying again cannot help (e.g. the profile does not exist). */
  onRetry?: () => void;
}

/** Shown in place of data the server could not deliver, with a way to try again. */
export function LoadError({ message, onRetry }: LoadErrorProps) {
  const { formatMessage } = useIntl();
  return (
    <div role="alert">
      <EmptyStateLayout
        hasRadius
        shadow="tableShadow"
        icon={<WarningCircle width="6rem" height="6rem" fill="danger600" />}
        content={message}
        action={
          onRetry && (
          <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={onRetry}>
            {formatMessage({ id: getTranslation('error.retry'), defaultMessage: 'Try again' })}
          </Button>
          )
        }
      />
    </div>
  );
}
