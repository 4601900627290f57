import * as React from 'react';
import { EmptyStateLayout, Flex, Loader } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';

import type { AdminGetState } from '../hooks/useAdminGet';
import { LoadError } from './LoadError';

interface ListContentProps<T> {
  /** What useAdminGet returned for the list. */
  state: AdminGetState<T>;
  loadingText: string;
  /** Shown instead of the list when the loaded data has nothing to list. */
  isEmpty: (data: T) => boolean;
  emptyText: string;
  children: (data: T) => React.ReactNode;
}

/** A list page's body: the load error with retry, the loader, the empty state, or the list. */
export function ListContent<T>({ state, loadingText, isEmpty, emptyText, children }: ListContentProps<T>) {
  const { data, error, reload } = state;
  if (error) return <LoadError message={error.message} onRetry={reload} />;
  if (!data) {
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>{loadingText}</Loader>
      </Flex>
    );
  }
  if (isEmpty(data)) {
    return <EmptyStateLayout hasRadius shadow="tableShadow" icon={<EmptyDocuments width="16rem" />} content={emptyText} />;
  }
  return <>{children(data)}</>;
}
