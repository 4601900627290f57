import { Button, EmptyStateLayout } from '@strapi/design-system';
import { ArrowClockwise, WarningCircle } from '@strapi/icons';

import { useTranslate } from '../hooks/useTranslate';

interface LoadErrorProps {
  message: string;
  /** Left out when trying again cannot help (e.g. the profile does not exist). */
  onRetry?: () => void;
}

/** Shown in place of data the server could not deliver, with a way to try again where that can help. */
export function LoadError({ message, onRetry }: LoadErrorProps) {
  const t = useTranslate();
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
            {t('error.retry')}
          </Button>
          )
        }
      />
    </div>
  );
}
